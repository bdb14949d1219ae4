import path from 'node:path';
import { findPackageRoot } from '../workflows/rules/schema-files';

/**
 * The kit's own folder (the nearest package.json above this file). Views, translations and docs are
 * resolved from here so the same code works from TypeScript source (tests) and from `dist/`.
 */
export function packageRoot(): string {
  return findPackageRoot(__dirname);
}

export function fromPackageRoot(...segments: string[]): string {
  return path.join(packageRoot(), ...segments);
}
