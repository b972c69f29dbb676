import { existsSync } from 'node:fs';
import type { TestProject } from 'vitest/node';
import { startPostgresCluster } from './support/postgres.ts';
import { testEngine } from './support/testEngine.ts';

declare module 'vitest' {
  interface ProvidedContext {
    /** Socket folder of the test PostgreSQL cluster (only when AURALIS_TEST_ENGINE=postgres). */
    postgresSocketDir: string;
  }
}

/**
 * Fails fast, with a clear message, when the parts the tests rely on are missing. With
 * AURALIS_TEST_ENGINE=postgres it also starts a throw-away PostgreSQL 15 cluster (test/support/postgres.ts)
 * for the whole run, hands its socket folder to the test files (`inject('postgresSocketDir')`) and stops
 * and removes it at the end.
 */
export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  if (!existsSync(new URL('../build/dsp.wasm', import.meta.url))) {
    throw new Error('build/dsp.wasm is missing: run `npm run build:wasm` (npm test does it first)');
  }
  if (testEngine() !== 'postgresql') return undefined;
  const cluster = await startPostgresCluster();
  project.provide('postgresSocketDir', cluster.socketDir);
  return () => cluster.stop();
}
