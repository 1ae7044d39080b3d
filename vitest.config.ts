import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      'core/**/*.spec.ts',
      'server/**/*.spec.ts',
      'main/**/*.spec.ts',
      'renderer/**/*.spec.ts',
      'tests/**/*.test.ts',
    ],
    globalSetup: ['tests/support/postgres.global.ts', 'tests/support/keyring.global.ts'],
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 120_000,
    reporters: ['default', ['json', { outputFile: '.test-results/vitest.json' }]],
  },
});
