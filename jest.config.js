// @swc/jest strips types without checking them (fast); `npm test` runs `tsc --noEmit` first,
// so type errors still fail the build.
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } }],
  },
  snapshotResolver: '<rootDir>/snapshot-resolver.js',
  // Each worker holds its own copy of aws-cdk-lib; two workers match the machine's two cores.
  maxWorkers: 2,
  testTimeout: 120000,
  // One temporary directory per run, removed when it ends.
  globalSetup: '<rootDir>/test/global-setup.js',
  globalTeardown: '<rootDir>/test/global-teardown.js',
};
