import type { DatabaseEngine } from '../../server/db/databaseEngine.ts';

/**
 * The engine the test run uses: `AURALIS_TEST_ENGINE=postgres` (or `postgresql`) for PostgreSQL, unset or
 * `sqlite` for SQLite. Anything else is a mistake in the command line, so it throws.
 */
export function testEngine(): DatabaseEngine {
  const raw = (process.env.AURALIS_TEST_ENGINE ?? 'sqlite').trim().toLowerCase();
  if (raw === '' || raw === 'sqlite') return 'sqlite';
  if (raw === 'postgres' || raw === 'postgresql') return 'postgresql';
  throw new Error(`AURALIS_TEST_ENGINE: expected sqlite or postgres, received "${process.env.AURALIS_TEST_ENGINE}"`);
}
