/**
 * Issue 10: a library analysed with fingerprint v1 is brought to v2 by `auralis extract --stale` (the real CLI,
 * real ffmpeg and WASM, a SQLite file): the v1 row is STALE after `auralis migrate`, re-analysed at the current
 * version with its facts stored, and a second `extract --stale` has nothing left to do.
 */
import { copyFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createOrm } from '../../server/db/createOrm.ts';
import { FINGERPRINT_VERSION } from '../../server/fingerprint/dimensions.ts';
import { FACTS } from '../../server/fingerprint/facts.ts';
import { analyseFile } from '../../server/fingerprint/analyse.ts';
import { MIGRATIONS } from '../../migrations/index.ts';
import { sql, tempDir } from '../db/helpers.ts';
import { goodTrack, scratchDir } from '../extraction/files.ts';
import { runAuralis } from './runCli.ts';

const auralis = (...args: string[]) => runAuralis(args, { AURALIS_WORKERS: '1' });

describe('auralis extract --stale brings a v1 library to v2', () => {
  const library = scratchDir('auralis-cli-v2-');
  const db = tempDir('auralis-cli-v2-db-');
  afterAll(() => {
    library.cleanup();
    db.cleanup();
  });

  it('re-analyses the v1 fingerprint, stores the v2 facts, then finds nothing stale', async () => {
    const file = path.join(library.dir, 'song.mp3');
    copyFileSync(await goodTrack(91), file);
    const dbFile = db.file('library.db');
    // A database as fingerprint v1 left it: the schema before the v2 migration, one CURRENT v1 fingerprint.
    const v1 = await createOrm({ dbPath: dbFile });
    await v1.migrator.up({ to: 'Migration20261210000001_library_roots' });
    const analysed = await analyseFile(file);
    const now = Date.now();
    await sql(v1, "insert into tracks (path, fingerprint_status, created_at, updated_at) values (?, 'CURRENT', ?, ?)", [file, now, now]);
    const entries = Object.entries(analysed.values);
    const columns = entries.map(([key]) => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`));
    await sql(
      v1,
      `insert into track_fingerprints (track_id, fingerprint_version, created_at, updated_at, ${columns.join(', ')}) values (1, 1, ?, ?, ${columns.map(() => '?').join(', ')})`,
      [now, now, ...entries.map(([, value]) => value)],
    );
    await v1.close();
    expect(MIGRATIONS.at(-1)!.name >= 'Migration20261225000001_fingerprint_v2').toBe(true);

    expect((await auralis('migrate', '--db', dbFile)).code).toBe(0);
    const stale = await auralis('extract', '--stale', '--db', dbFile);
    expect(stale.stderr).toBe('');
    expect(stale.code).toBe(0);
    expect(stale.stdout.trim().split('\n').at(-1)).toMatch(/^extracted 1 of 1 files: 1 succeeded, 0 failed/);

    const check = await createOrm({ dbPath: dbFile });
    try {
      const [row] = await sql<Record<string, number | null>>(check, 'select * from track_fingerprints where track_id = 1');
      expect(row!.fingerprint_version).toBe(FINGERPRINT_VERSION);
      for (const f of FACTS) expect(row![f.column], f.column).toBe(analysed.facts[f.key]);
      const [track] = await sql<{ fingerprint_status: string }>(check, 'select fingerprint_status from tracks where id = 1');
      expect(track!.fingerprint_status).toBe('CURRENT');
    } finally {
      await check.close();
    }
    const again = await auralis('extract', '--stale', '--db', dbFile);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/nothing to extract|extracted 0 of 0/);
  });
});
