/** Jest in ESM mode with ts-jest; see actions/typescript-action's jest.config.js. */
export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  resolver: 'ts-jest-resolver',
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json', useESM: true, diagnostics: false }],
  },
  roots: ['<rootDir>/__tests__'],
  // Says once per run when the registry suites are skipped (docker-registry missing).
  globalSetup: '<rootDir>/__tests__/helpers/global-setup.mjs',
  testMatch: ['**/*.test.ts'],
  testTimeout: 30000,
  // One worker per core: jest's default leaves one core idle, which on a 2-core machine runs the
  // suites one at a time.
  maxWorkers: '100%',
  // After a full run a worker here takes up to a second or two to exit (large heaps on a loaded
  // 2-core machine); jest's 500 ms default then reports a leak that is not one. A handle that
  // keeps a worker alive longer still gets the warning.
  workerGracefulExitTimeout: 5000,
  collectCoverageFrom: ['src/**/*.ts', '!src/entrypoints/**'],
}
