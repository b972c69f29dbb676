import { copyFileSync, mkdirSync, rmSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import type { MikroORM } from '@mikro-orm/sqlite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FingerprintRepository } from '../../server/db/FingerprintRepository.ts';
import { openDatabase } from '../../server/db/createOrm.ts';
import { AnalysisPool } from '../../server/extraction/analysisPool.ts';
import { extractFingerprints } from '../../server/extraction/extractor.ts';
import { analyseFile } from '../../server/fingerprint/analyse.ts';
import { DIMENSION_KEYS } from '../../server/fingerprint/dimensions.ts';
import { type ScannedFile, scanLibrary, walkAudioFiles } from '../../server/library/scanner.ts';
import { sql, tempDir } from '../db/helpers.ts';
import { corruptFile, goodTrack, scratchDir, zeroByteFile } from './files.ts';

describe('scanLibrary', () => {
  const db = tempDir('auralis-scan-');
  const library = scratchDir('auralis-library-');
  const outside = scratchDir('auralis-outside-');
  let orm: MikroORM;
  const pool = new AnalysisPool({ workers: 2 });
  const statusByPath = async () =>
    new Map(
      (await sql<{ path: string; fingerprint_status: string }>(orm, 'select path, fingerprint_status from tracks')).map((r) => [
        r.path,
        r.fingerprint_status,
      ]),
    );

  beforeAll(async () => {
    orm = await openDatabase({ dbPath: db.file('library.db') });
    mkdirSync(path.join(library.dir, 'album'));
    copyFileSync(await goodTrack(71), path.join(library.dir, 'album', '01 first.mp3'));
    copyFileSync(await goodTrack(72), path.join(library.dir, 'album', '02 second.MP3'));
    corruptFile(library.dir, 'broken.mp3');
    zeroByteFile(library.dir, 'empty.flac');
    corruptFile(library.dir, 'notes.txt');
    copyFileSync(await goodTrack(73), path.join(outside.dir, 'elsewhere.mp3'));
    symlinkSync(outside.dir, path.join(library.dir, 'link-out'));
    symlinkSync(path.join(library.dir, 'album'), path.join(library.dir, 'link-in'));
  });
  afterAll(async () => {
    await pool.close();
    await orm.close();
    db.cleanup();
    library.cleanup();
    outside.cleanup();
  });

  it('walks audio extensions only, follows symlinks inside the folder once, and never out of it', async () => {
    const warnings: string[] = [];
    const files: string[] = [];
    for await (const file of walkAudioFiles(library.dir, (w) => warnings.push(w))) files.push(path.relative(library.dir, file));
    expect(files.sort()).toEqual(['album/01 first.mp3', 'album/02 second.MP3', 'broken.mp3', 'empty.flac']);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/link-out.*points outside/);
  });

  it('a missing folder is a fatal named error and writes nothing', async () => {
    await expect(scanLibrary(orm, [library.dir, path.join(library.dir, 'nope')])).rejects.toMatchObject({
      code: 'SCAN_ROOT_NOT_FOUND',
    });
    expect((await sql<{ n: number }>(orm, 'select count(*) as n from tracks'))[0]!.n).toBe(0);
  });

  it('scan twice: the second run skips unchanged files; a changed file becomes STALE, then CURRENT with its new values', async () => {
    const first: ScannedFile[] = [];
    const summary = await scanLibrary(orm, [library.dir], { onFile: (f) => first.push(f) });
    expect(summary).toMatchObject({ files: 4, added: 4, updated: 0, unchanged: 0, stale: 0 });
    expect(summary.toExtract).toHaveLength(4);
    const tagged = await sql<{ title: string | null; codec: string | null; file_size: number; duration_seconds: number | null }>(
      orm,
      'select title, codec, file_size, duration_seconds from tracks where path like ?',
      ['%01 first.mp3'],
    );
    expect(tagged[0]!.codec).toMatch(/mpeg|mp3/i);
    expect(tagged[0]!.duration_seconds).toBeGreaterThan(5.5);
    const extraction = await extractFingerprints(orm, pool, { trackIds: summary.toExtract });
    expect(extraction).toMatchObject({ succeeded: 2, failed: 2 });

    const second: ScannedFile[] = [];
    const again = await scanLibrary(orm, [library.dir], { onFile: (f) => second.push(f) });
    expect(again).toMatchObject({ files: 4, added: 0, updated: 0, unchanged: 4, stale: 0 });
    expect(second.every((f) => f.action === 'unchanged')).toBe(true);
    expect(again.toExtract).toEqual([]); // CURRENT ones are done; unchanged FAILED ones would fail again

    const changed = path.join(library.dir, 'album', '01 first.mp3');
    const replacement = await goodTrack(74, 8);
    copyFileSync(replacement, changed);
    const third = await scanLibrary(orm, [library.dir]);
    expect(third).toMatchObject({ updated: 1, unchanged: 3, stale: 1 });
    expect((await statusByPath()).get(changed)).toBe('STALE');
    const trackId = third.toExtract[0]!;
    expect(third.toExtract).toEqual([trackId]);
    await extractFingerprints(orm, pool, { trackIds: third.toExtract });
    expect((await statusByPath()).get(changed)).toBe('CURRENT');
    const stored = await new FingerprintRepository(orm.em.fork()).getByTrackId(trackId);
    const expected = await analyseFile(replacement);
    for (const key of DIMENSION_KEYS) {
      expect(Math.abs(stored![key] - expected.values[key]!), key).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(expected.values[key]!)));
    }
  });

  it('a changed file that had failed goes back to MISSING and is extracted again', async () => {
    const broken = path.join(library.dir, 'broken.mp3');
    expect((await statusByPath()).get(broken)).toBe('FAILED');
    copyFileSync(await goodTrack(75), broken);
    const summary = await scanLibrary(orm, [library.dir]);
    expect(summary.updated).toBe(1);
    expect((await statusByPath()).get(broken)).toBe('MISSING');
    await extractFingerprints(orm, pool, { trackIds: summary.toExtract });
    expect((await statusByPath()).get(broken)).toBe('CURRENT');
  });

  it('a deleted file is reported as gone, its track kept', async () => {
    const before = (await sql<{ n: number }>(orm, 'select count(*) as n from tracks'))[0]!.n;
    rmSync(path.join(library.dir, 'empty.flac'));
    const summary = await scanLibrary(orm, [library.dir]);
    expect(summary).toMatchObject({ files: 3, gone: 1, unchanged: 3 });
    expect((await sql<{ n: number }>(orm, 'select count(*) as n from tracks'))[0]!.n).toBe(before);
    // A scan of another folder does not count this library's tracks as gone.
    expect((await scanLibrary(orm, [outside.dir])).gone).toBe(0);
  });
});
