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
  testTimeout: 20000,
};
