import { configDefaults, defineConfig } from 'vitest/config';
import { testEngine } from './test/support/testEngine.ts';

/**
 * Test files that touch no database (DSP, audio decoding, fingerprint analysis, the browser page, CLI usage):
 * the PostgreSQL run (AURALIS_TEST_ENGINE=postgres, the second half of `npm test`) skips them, since the
 * SQLite run already covers them and CI time stays low. A new test that opens a database must not be listed.
 */
export const DATABASE_FREE_TESTS = [
  'test/audio/**',
  'test/dsp-wasm/**',
  'test/fingerprint/**',
  'test/browser/graphiql.test.ts',
  'test/http/webApp.test.ts',
  'test/media/coverArtResponse.test.ts',
  'test/media/mediaFormat.test.ts',
  'test/media/trackFileResponse.test.ts',
  'test/media/transcodedResponse.test.ts',
  'test/extraction/analysisPool.test.ts',
  'test/library/pathGuard.test.ts',
  'test/graphql/schemaDrift.test.ts',
  'test/similarity/distanceKernel.test.ts',
  'test/cli/fingerprint.test.ts',
  'test/cli/nodeVersion.test.ts',
  'test/cli/usage.test.ts',
];


/** Tests drive real ffmpeg, WASM and SQLite, so they get generous timeouts and run on the 2 cores. */
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: testEngine() === 'postgresql' ? [...configDefaults.exclude, ...DATABASE_FREE_TESTS] : configDefaults.exclude,
    testTimeout: 120_000,
    hookTimeout: 300_000,
    pool: 'forks',
    maxWorkers: 2,
    globalSetup: ['test/global-setup.ts', 'test/browser/webBuild.ts'],
    reporters: ['default', './test/summaryReporter.ts'],
  },
});
