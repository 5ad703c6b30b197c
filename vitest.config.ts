import { defineConfig } from 'vitest/config';

// Database-backed tests run against PGlite in memory by default and against PostgreSQL when
// DATABASE_URL is set (each test file in a schema of its own), so one suite covers both.
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    setupFiles: ['test/fast-check-seed.ts'],
  },
});
