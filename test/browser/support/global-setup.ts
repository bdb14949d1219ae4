import fs from 'node:fs';
import { SCREENSHOTS } from './checks';

/** Each run starts with no screenshots, so the folder shows only what this run saw. */
export default function globalSetup() {
  fs.rmSync(SCREENSHOTS, { recursive: true, force: true });
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
}
