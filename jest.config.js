/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    // tsconfig's isolatedModules halves test time; `npm run typecheck` does the type checking.
    '^.+\\.ts$': 'ts-jest',
  },
  // Browser tests run on their own (`npm run test:browser`); see test/browser/README.md.
  testPathIgnorePatterns: ['/node_modules/', '/dist/', '<rootDir>/test/browser/'],
  // A limit to stop a hang, not a timing: on a slow CI machine (a nested virtual machine) tests ran
  // 2.5 times as long as on the last one.
  testTimeout: 60000,
};
