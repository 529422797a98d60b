/**
 * Three tiers, named by file: `*.test.ts` (unit and integration), `*.e2e.ts` (end to end through
 * the gateway, run twice: on real PostgreSQL and on the embedded database `npm start` uses), and
 * `*.replicas.ts` (the scaled-out federation, separate processes on PostgreSQL only).
 */
const common = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  transform: { '^.+\\.ts$': 'ts-jest' },
  // jose is ES-module only: see test/support/jose-native.js.
  moduleNameMapper: { '^jose$': '<rootDir>/test/support/jose-native.js' },
  setupFiles: ['reflect-metadata', '<rootDir>/test/support/quiet-logs.js'],
};

/** @type {import('jest').Config} */
module.exports = {
  testTimeout: 120000,
  maxWorkers: 2,
  projects: [
    { ...common, displayName: 'unit', testMatch: ['**/*.test.ts'] },
    {
      ...common,
      displayName: 'e2e postgres',
      testMatch: ['**/*.e2e.ts'],
      setupFiles: [...common.setupFiles, '<rootDir>/test/support/on-postgres.js'],
      globalSetup: '<rootDir>/test/support/postgres-template.ts',
      globalTeardown: '<rootDir>/test/support/postgres-template-teardown.ts',
    },
    {
      ...common,
      displayName: 'e2e embedded',
      testMatch: ['**/*.e2e.ts'],
      setupFiles: [...common.setupFiles, '<rootDir>/test/support/on-embedded.js'],
      globalSetup: '<rootDir>/test/support/embedded-template.ts',
      globalTeardown: '<rootDir>/test/support/embedded-template-teardown.ts',
    },
    // Two processes of each service on one database: PostgreSQL only, so not an *.e2e.ts (see test/scale-out.replicas.ts).
    // No seeded template: its one file seeds once anyway, through its first replica, which is part of what it runs.
    {
      ...common,
      displayName: 'replicas',
      testMatch: ['**/*.replicas.ts'],
      setupFiles: [...common.setupFiles, '<rootDir>/test/support/on-postgres.js'],
    },
  ],
};
