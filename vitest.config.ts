import { defineConfig } from 'vitest/config';

/** Tests drive real ffmpeg, WASM and SQLite, so they get generous timeouts and run on the 2 cores. */
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 300_000,
    pool: 'forks',
    maxWorkers: 2,
    globalSetup: ['test/global-setup.ts'],
    reporters: ['default', './test/summaryReporter.ts'],
  },
});
