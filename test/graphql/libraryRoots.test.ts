/**
 * Library roots (issue 8): the folders given to `auralis scan` are stored in the database, so a server on
 * the same database can extract them without AURALIS_LIBRARY_ROOTS; with no root at all, extraction is
 * refused up front (NO_LIBRARY_ROOTS) instead of marking every track FAILED.
 */
import { copyFileSync, mkdirSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TrackRepository } from '../../server/db/TrackRepository.ts';
import { closeJobs } from '../../server/extraction/jobManager.ts';
import { encodeGlobalId } from '../../server/graphql/globalId.ts';
import { runAuralis } from '../cli/runCli.ts';
import { sql, tempDir } from '../db/helpers.ts';
import { goodTrack, scratchDir } from '../extraction/files.ts';
import { freshDatabaseUrl } from '../support/testDatabase.ts';
import { createHarness, type Harness } from './harness.ts';

const START = `mutation ($input: StartExtractionInput!) { startExtraction(input: $input) { job { id total } userErrors { field code message } } }`;
const EXTRACT = `mutation ($id: ID!) { extractFingerprint(trackId: $id, force: true) { extracted track { fingerprintStatus lastError } userErrors { field code message } } }`;

async function finished(h: Harness, id: string): Promise<Record<string, any>> {
  for (;;) {
    const r = await h.gql(`query ($id: ID!) { job(id: $id) { status total succeeded failed failures { code message } } }`, { id });
    if (r.data!.job.status !== 'RUNNING') return r.data!.job;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const statuses = async (h: Harness) =>
  sql<{ id: number; fingerprint_status: string; last_error: string | null }>(h.orm, 'select id, fingerprint_status, last_error from tracks order by id');

describe('library roots stored by auralis scan', () => {
  const library = scratchDir('auralis-roots-library-');
  const outside = scratchDir('auralis-roots-outside-');
  const db = tempDir('auralis-roots-db-');
  let h: Harness;
  let outsideId: number;
  /** The `--db` setting on the test engine: an SQLite file, or a PostgreSQL URL. */
  let dbUrl: string;

  beforeAll(async () => {
    dbUrl = await freshDatabaseUrl(db.file('library.db'));
    mkdirSync(path.join(library.dir, 'album'));
    copyFileSync(await goodTrack(31), path.join(library.dir, 'album', 'one.mp3'));
    copyFileSync(await goodTrack(32), path.join(library.dir, 'two.mp3'));
    const scan = await runAuralis(['scan', library.dir, '--no-extract', '--db', dbUrl], { AURALIS_LIBRARY_ROOTS: '' });
    expect(scan.stderr).toBe('');
    expect(scan.code).toBe(0);
    // The server on the same database, with no configured roots at all.
    h = await createHarness({ dbPath: dbUrl, libraryRoots: [] });
    copyFileSync(await goodTrack(33), path.join(outside.dir, 'elsewhere.mp3'));
    outsideId = (await new TrackRepository(h.orm.em.fork()).add({ path: path.join(outside.dir, 'elsewhere.mp3') })).id;
  }, 120_000);
  afterAll(async () => {
    await closeJobs(h.orm);
    await h.close();
    library.cleanup();
    outside.cleanup();
    db.cleanup();
  });

  it('libraryRoots lists the scanned folder (stored, not configured)', async () => {
    const r = await h.gql(`{ libraryRoots { path stored configured storedAt } }`);
    expect(r.errors).toBeUndefined();
    expect(r.data!.libraryRoots).toHaveLength(1);
    expect(r.data!.libraryRoots[0]).toMatchObject({ path: realpathSync(library.dir), stored: true, configured: false });
    expect(Date.parse(r.data!.libraryRoots[0].storedAt)).toBeGreaterThan(Date.now() - 600_000);
  });

  it('startExtraction(ALL) analyses the scanned files; the file outside every root is PATH_OUTSIDE_LIBRARY', async () => {
    const r = await h.gql(START, { input: { selection: 'ALL' } });
    expect(r.data!.startExtraction.userErrors).toEqual([]);
    const job = await finished(h, r.data!.startExtraction.job.id);
    expect(job).toMatchObject({ status: 'COMPLETED', total: 3, succeeded: 2, failed: 1 });
    expect(job.failures).toEqual([expect.objectContaining({ code: 'PATH_OUTSIDE_LIBRARY' })]);
    const rows = await statuses(h);
    expect(rows.filter((row) => row.id !== outsideId).map((row) => row.fingerprint_status)).toEqual(['CURRENT', 'CURRENT']);
  });

  it('extractFingerprint works on a file in the stored root and refuses one outside it', async () => {
    const [inside] = (await statuses(h)).filter((row) => row.id !== outsideId);
    const ok = await h.gql(EXTRACT, { id: encodeGlobalId('Track', inside!.id) });
    expect(ok.data!.extractFingerprint.userErrors).toEqual([]);
    expect(ok.data!.extractFingerprint).toMatchObject({ extracted: true, track: { fingerprintStatus: 'CURRENT' } });
    const refused = await h.gql(EXTRACT, { id: encodeGlobalId('Track', outsideId) });
    expect(refused.data!.extractFingerprint.userErrors).toEqual([expect.objectContaining({ field: ['trackId'], code: 'PATH_OUTSIDE_LIBRARY' })]);
    expect(refused.data!.extractFingerprint.userErrors[0].message).toMatch(/expected a file inside the library roots/);
  });

  it('a second scan of the same folder stores it once; the variable adds a root beside it', async () => {
    const again = await runAuralis(['scan', library.dir, '--no-extract', '--db', dbUrl], { AURALIS_LIBRARY_ROOTS: '' });
    expect(again.code).toBe(0);
    expect(await sql(h.orm, 'select path from library_roots')).toEqual([{ path: realpathSync(library.dir) }]);
    const configured = await createHarness({ dbPath: dbUrl, libraryRoots: [outside.dir] });
    try {
      const r = await configured.gql(`{ libraryRoots { path stored configured } }`);
      expect(r.data!.libraryRoots).toEqual([
        { path: outside.dir, stored: false, configured: true },
        { path: realpathSync(library.dir), stored: true, configured: false },
      ]);
    } finally {
      await configured.orm.close(true);
    }
  });
});

describe('no library roots at all', () => {
  const files = scratchDir('auralis-noroots-');
  let h: Harness;
  const ids: number[] = [];

  beforeAll(async () => {
    h = await createHarness({ libraryRoots: [] });
    for (const seed of [41, 42]) {
      const file = path.join(files.dir, `track-${seed}.mp3`);
      copyFileSync(await goodTrack(seed), file);
      ids.push((await new TrackRepository(h.orm.em.fork()).add({ path: file })).id);
    }
    await sql(h.orm, "update tracks set fingerprint_status = 'CURRENT' where id = ?", [ids[1]]);
  }, 60_000);
  afterAll(async () => {
    await closeJobs(h.orm);
    await h.close();
    files.cleanup();
  });

  it('startExtraction answers NO_LIBRARY_ROOTS and changes no track', async () => {
    const before = await statuses(h);
    for (const input of [{ selection: 'ALL' }, { trackIds: ids.map((id) => encodeGlobalId('Track', id)) }]) {
      const r = await h.gql(START, { input });
      expect(r.data!.startExtraction.job).toBeNull();
      expect(r.data!.startExtraction.userErrors).toEqual([expect.objectContaining({ code: 'NO_LIBRARY_ROOTS' })]);
      expect(r.data!.startExtraction.userErrors[0].message).toMatch(/auralis scan/);
    }
    expect(await statuses(h)).toEqual(before);
    expect(before.map((row) => row.fingerprint_status)).toEqual(['MISSING', 'CURRENT']);
  });

  it('extractFingerprint answers NO_LIBRARY_ROOTS and changes no track', async () => {
    const before = await statuses(h);
    const r = await h.gql(EXTRACT, { id: encodeGlobalId('Track', ids[0]!) });
    expect(r.data!.extractFingerprint.userErrors).toEqual([{ field: ['trackId'], code: 'NO_LIBRARY_ROOTS', message: expect.any(String) }]);
    expect(await statuses(h)).toEqual(before);
  });

  it('libraryRoots is empty', async () => {
    expect((await h.gql(`{ libraryRoots { path } }`)).data).toEqual({ libraryRoots: [] });
  });
});
