/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test', '<rootDir>/src', '<rootDir>/emulators'],
  testMatch: ['**/*.test.ts'],
  // msw's CommonJS build requires three ESM-only packages; let ts-jest transpile exactly those.
  transform: {
    '^.+\\.tsx?$': ['ts-jest', { tsconfig: 'tsconfig.json' }],
    '^.+\\.m?js$': ['ts-jest', { tsconfig: { allowJs: true, isolatedModules: true } }],
  },
  transformIgnorePatterns: ['/node_modules/(?!(until-async|rettime|@open-draft/deferred-promise)/)'],
  moduleNameMapper: { '^\\.botpress$': '<rootDir>/.botpress/index.ts' },
  reporters: ['default', '<rootDir>/test/support/plain-summary-reporter.js'],
  testTimeout: 20000,
}
