/**
 * The browser suite (issue #6): real Chromium, driven by playwright-core, against the kit started
 * in-process. Run with `npm run test:browser`; see test/browser/README.md.
 * @type {import('jest').Config}
 */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test/browser'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': 'ts-jest',
  },
  // Empties test-artefacts/screenshots before the run.
  globalSetup: '<rootDir>/test/browser/support/global-setup.ts',
  // Each worker runs its own Chromium; two fit this kind of machine (2 cores) without starving the kit.
  maxWorkers: 2,
  // A journey is up to 50 pages, each with an axe run and a screenshot. On a slow CI machine (a nested
  // virtual machine, 5 December 2026) the longest took 196 s of its 120: the limit is there to stop a
  // hang, not to time the suite, so it is ten minutes.
  testTimeout: 600000,
  // Screenshots land in test-artefacts/screenshots/<journey>/; there is nothing to collect coverage of.
  collectCoverage: false,
};
