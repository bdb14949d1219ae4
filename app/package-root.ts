import fs from 'node:fs';
import path from 'node:path';

/**
 * The kit's own folder, found by walking up to its package.json. Views, docs and migrations are
 * resolved from here so the same code works from TypeScript source (tests) and from `dist/`.
 */
export function packageRoot(start: string = __dirname): string {
  let dir = start;
  for (;;) {
    const manifest = path.join(dir, 'package.json');
    if (fs.existsSync(manifest)) {
      const { name } = JSON.parse(fs.readFileSync(manifest, 'utf8')) as { name?: string };
      if (name === 'blue-badge-kit') return dir;
    }
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`Cannot find the blue-badge-kit package folder above ${start}`);
    dir = parent;
  }
}

export function fromPackageRoot(...segments: string[]): string {
  return path.join(packageRoot(), ...segments);
}
