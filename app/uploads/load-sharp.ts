import type Sharp from 'sharp';

let sharp: typeof Sharp | undefined;

/**
 * sharp (libvips) is loaded at the first image it checks, not at start: it adds about 17 MB to every
 * process's resident memory, and a process that serves no upload (staff pages, the API) never needs it.
 * `require`, not `import()`: the kit is CommonJS, and Jest runs it without an ES module loader.
 */
export function loadSharp(): typeof Sharp {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  sharp ??= require('sharp') as typeof Sharp;
  return sharp;
}
