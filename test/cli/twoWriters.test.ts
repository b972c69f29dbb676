/**
 * Issue 8 item 5: several writers on one database, on the test engine (issue 9: SQLite, and PostgreSQL with
 * AURALIS_TEST_ENGINE=postgres). Two `auralis scan` processes and a server extraction job (the extractor a job
 * runs, in this process) work on the same database at once. On SQLite, transactions take the write lock when
 * they begin (BEGIN IMMEDIATE, server/db/writeLockDriver.ts) and wait for a busy database, so none fails with
 * SQLITE_BUSY_SNAPSHOT or `database is locked`; on PostgreSQL the upserts (`ON CONFLICT`) must not fail on a
 * row another writer inserted first. Nothing is lost. Extraction claims files in the database
 * (extraction_job_items), so a file is analysed by one of them.
 */
import { copyFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { encode } from '../../fixtures/encode.ts';
import { musicMix } from '../../fixtures/musicMix.ts';
import { openDatabase } from '../../server/db/createOrm.ts';
import { freshDatabaseUrl, testEngine } from '../support/testDatabase.ts';
import { AnalysisPool } from '../../server/extraction/analysisPool.ts';
import { extractFingerprints } from '../../server/extraction/extractor.ts';
import { scanLibrary } from '../../server/library/scanner.ts';
import { sql, tempDir } from '../db/helpers.ts';
import { scratchDir } from '../extraction/files.ts';
import { runAuralis } from './runCli.ts';

const FILES = 10;

describe(`two \`auralis scan\` processes and a server extraction job on one ${testEngine()} database`, () => {
  const library = scratchDir('auralis-writers-library-');
  const db = tempDir('auralis-writers-db-');
  afterAll(() => {
    library.cleanup();
    db.cleanup();
  });

  it('all finish without an error, every file ends CURRENT with one fingerprint row, and each file was analysed once', { timeout: 240_000 }, async () => {
    for (let i = 0; i < FILES; i++) {
      const source = await encode(musicMix({ seconds: 3, seed: 200 + i }), { format: 'flac', name: 'writers' });
      copyFileSync(source, path.join(library.dir, `track-${String(i).padStart(2, '0')}.flac`));
    }
    const dbFile = await freshDatabaseUrl(db.file('library.db'));
    const orm = await openDatabase({ dbPath: dbFile });
    const pool = new AnalysisPool({ workers: 1 });
    try {
      // The server side: its own scan of half the files, then an extraction job over what is missing.
      const serverJob = (async () => {
        await scanLibrary(orm, [library.dir]);
        return extractFingerprints(orm, pool, { selection: 'MISSING', concurrency: 1 });
      })();
      const env = { AURALIS_WORKERS: '1' };
      const [first, second, job] = await Promise.all([
        runAuralis(['scan', library.dir, '--db', dbFile], env),
        runAuralis(['scan', library.dir, '--db', dbFile], env),
        serverJob,
      ]);
      expect(first.stderr).toBe('');
      expect(second.stderr).toBe('');
      expect([first.code, second.code]).toEqual([0, 0]);
      expect(job.outcome).toBe('COMPLETED');
      expect(job.failed).toBe(0);

      const rows = await sql<{ path: string; fingerprint_status: string; fingerprints: number }>(
        orm,
        'select t.path, t.fingerprint_status, (select cast(count(*) as integer) from track_fingerprints f where f.track_id = t.id) as fingerprints ' +
          'from tracks t order by t.path',
      );
      expect(rows).toHaveLength(FILES);
      for (const row of rows) expect(row).toMatchObject({ fingerprint_status: 'CURRENT', fingerprints: 1 });
      // Analyses that reached the database, over every job of the three writers (extraction_job_items.analyses).
      const analyses = await sql<{ path: string; analyses: number }>(
        orm,
        'select t.path, (select cast(coalesce(sum(i.analyses), 0) as integer) from extraction_job_items i where i.track_id = t.id) as analyses ' +
          'from tracks t order by t.path',
      );
      expect(analyses).toEqual(rows.map((row) => ({ path: row.path, analyses: 1 })));
    } finally {
      await pool.close();
      await orm.close();
    }
  });
});
