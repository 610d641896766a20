// Native ESM (execa and others are ESM-only) with a small esbuild transformer: see
// test/esbuild-transform.cjs for why not ts-jest or @swc/jest.
export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  transform: { '^.+\\.ts$': '<rootDir>/test/esbuild-transform.cjs' },
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  testMatch: ['<rootDir>/test/**/*.test.ts'],
  testTimeout: 30000,
  // The client CLIs' install cache has its own package.json (same name as test/clients-cli's).
  modulePathIgnorePatterns: ['<rootDir>/.cache/'],
};
