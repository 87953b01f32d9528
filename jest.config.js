/** Jest in ESM mode with ts-jest; see actions/typescript-action's jest.config.js. */
export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  resolver: 'ts-jest-resolver',
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json', useESM: true, diagnostics: false }],
  },
  roots: ['<rootDir>/__tests__'],
  testMatch: ['**/*.test.ts'],
  testTimeout: 30000,
  collectCoverageFrom: ['src/**/*.ts', '!src/entrypoints/**'],
}
