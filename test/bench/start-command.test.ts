import fs from 'node:fs';
import path from 'node:path';

// eslint-disable-next-line @typescript-eslint/no-require-imports -- the harness is plain CommonJS
const { kitMallocEnv, kitStartNodeArgs } = require('../../bench/lib/servers') as {
  kitStartNodeArgs(root: string): string[];
  kitMallocEnv(root: string): Record<string, string>;
};

const ROOT = path.resolve(__dirname, '..', '..');

/** The benchmark measures the process councils run: `npm start`'s Node options, the same as the image's. */
describe("the kit's start command", () => {
  it('starts Node with the same options in `npm start` and the Dockerfile, which the bench reads', () => {
    const options = kitStartNodeArgs(ROOT);
    expect(options).toContain('--max-semi-space-size=8');
    expect(options).toContain('--heap-growing-percent=50');
    const cmd = /^CMD (\[.*\])$/m.exec(fs.readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8'));
    expect(JSON.parse(cmd?.[1] ?? '[]')).toEqual(['node', ...options, 'dist/app/cli.js', 'start']);
  });

  it("gives the kit the Dockerfile's fixed glibc threshold, so argon2's memory goes back after each sign-in", () => {
    expect(kitMallocEnv(ROOT)).toEqual({ MALLOC_MMAP_THRESHOLD_: '1048576' });
  });
});
