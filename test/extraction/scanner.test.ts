import { execFileSync } from 'node:child_process';
import { closeSync, constants, copyFileSync, mkdirSync, openSync, rmSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import type { MikroORM } from '@mikro-orm/sql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FingerprintRepository } from '../../server/db/FingerprintRepository.ts';
import { openTestDatabase } from '../support/testDatabase.ts';
import { AnalysisPool } from '../../server/extraction/analysisPool.ts';
import { extractFingerprints } from '../../server/extraction/extractor.ts';
import { analyseFile } from '../../server/fingerprint/analyse.ts';
import { DIMENSION_KEYS, storedValue } from '../../server/fingerprint/dimensions.ts';
import { type ScannedFile, scanLibrary, walkAudioFiles } from '../../server/library/scanner.ts';
import { resolveFfmpegBinary } from '../../server/audio/ffmpegBinary.ts';
import { sparseFile } from '../../fixtures/hostileFiles.ts';
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
    orm = await openTestDatabase(db.file('library.db'));
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
    expect((await sql<{ n: number }>(orm, 'select cast(count(*) as integer) as n from tracks' /* int8 on PostgreSQL: pg would give a string */))[0]!.n).toBe(0);
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
      // Stored as the nearest f32 of the analysed value.
      expect(Math.abs(stored![key] - storedValue(expected.values[key]!)), key).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(expected.values[key]!)));
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
    const before = (await sql<{ n: number }>(orm, 'select cast(count(*) as integer) as n from tracks' /* int8 on PostgreSQL: pg would give a string */))[0]!.n;
    rmSync(path.join(library.dir, 'empty.flac'));
    const summary = await scanLibrary(orm, [library.dir]);
    expect(summary).toMatchObject({ files: 3, gone: 1, unchanged: 3 });
    expect((await sql<{ n: number }>(orm, 'select cast(count(*) as integer) as n from tracks' /* int8 on PostgreSQL: pg would give a string */))[0]!.n).toBe(before);
    // A scan of another folder does not count this library's tracks as gone.
    expect((await scanLibrary(orm, [outside.dir])).gone).toBe(0);
  });
});

describe('scanLibrary: hostile entries (special files, swaps, non-UTF-8 names, sparse giants, misnamed formats)', () => {
  const db = tempDir('auralis-scan-hostile-');
  const library = scratchDir('auralis-hostile-library-');
  let orm: MikroORM;
  const pool = new AnalysisPool({ workers: 1 });
  beforeAll(async () => {
    orm = await openTestDatabase(db.file('library.db'));
  });
  afterAll(async () => {
    await pool.close();
    await orm.close();
    db.cleanup();
    library.cleanup();
  });
  const folder = (name: string) => {
    const dir = path.join(library.dir, name);
    mkdirSync(dir);
    return dir;
  };
  const ffmpeg = (...args: string[]) => execFileSync(resolveFfmpegBinary(), ['-nostdin', '-hide_banner', '-loglevel', 'error', '-y', ...args]);

  it('reports a FIFO met by the walk as skipped, with its reason, and counts it as a warning', async () => {
    const dir = folder('fifo');
    copyFileSync(await goodTrack(91), path.join(dir, 'song.mp3'));
    execFileSync('mkfifo', [path.join(dir, 'pipe.mp3')]);
    const warnings: string[] = [];
    const summary = await scanLibrary(orm, [dir], { onWarning: (w) => warnings.push(w) });
    expect(summary).toMatchObject({ files: 1, added: 1, warnings: 1 });
    expect(summary.skipped).toEqual([
      { path: path.join(dir, 'pipe.mp3'), reason: 'special-file', message: expect.stringContaining('FIFO skipped') },
    ]);
    expect(warnings).toEqual([summary.skipped[0]!.message]);
  });

  it('a file swapped for a FIFO after the walk is skipped, and the scan does not hang', { timeout: 30_000 }, async () => {
    const dir = folder('swap');
    copyFileSync(await goodTrack(92), path.join(dir, 'a.mp3'));
    copyFileSync(await goodTrack(93), path.join(dir, 'b.mp3'));
    const swapped = path.join(dir, 'b.mp3');
    let unblock: (() => void) | undefined;
    try {
      const scanning = scanLibrary(orm, [dir], {
        onFile: (file) => {
          if (file.path.endsWith('a.mp3')) {
            // The walk has listed b.mp3 as a regular file already; now it becomes a FIFO.
            rmSync(swapped);
            execFileSync('mkfifo', [swapped]);
            unblock = () => closeSync(openSync(swapped, constants.O_WRONLY | constants.O_NONBLOCK));
          }
        },
      });
      const outcome = await Promise.race([scanning, new Promise<'hung'>((resolve) => setTimeout(() => resolve('hung'), 15_000))]);
      expect(outcome).not.toBe('hung');
      const summary = outcome as Awaited<typeof scanning>;
      expect(summary).toMatchObject({ added: 1 });
      expect(summary.skipped).toMatchObject([{ path: swapped, reason: 'not-a-file' }]);
    } finally {
      try {
        unblock?.(); // releases a reader blocked on the FIFO (the behaviour this test guards against)
      } catch {
        // no reader: nothing was blocked
      }
    }
  });

  it('a file whose name is not valid UTF-8 is scanned byte-exact and analysed', async () => {
    const dir = folder('latin1');
    const name = Buffer.concat([Buffer.from(`${dir}/caf`), Buffer.from([0xe9]), Buffer.from('.mp3')]);
    copyFileSync(await goodTrack(94), name);
    const summary = await scanLibrary(orm, [dir]);
    expect(summary).toMatchObject({ files: 1, added: 1, warnings: 0, skipped: [] });
    const rows = await sql<{ path: string; codec: string | null; duration_seconds: number | null }>(
      orm,
      'select path, codec, duration_seconds from tracks where path like ?',
      ['%caf%'],
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]!.path).toBe(`file://${dir}/caf%E9.mp3`);
    expect(rows[0]!.duration_seconds).toBeGreaterThan(5.5);
    const extraction = await extractFingerprints(orm, pool, { trackIds: summary.toExtract });
    expect(extraction).toMatchObject({ succeeded: 1, failed: 0 });
    // A second scan finds the same track unchanged (the stored form is stable).
    expect(await scanLibrary(orm, [dir])).toMatchObject({ unchanged: 1, added: 0, gone: 0 });
  });

  it('a 5 GB sparse file does not stall the tag phase; its tag warning is counted', { timeout: 60_000 }, async () => {
    const dir = folder('sparse');
    sparseFile(path.join(dir, 'huge.mp3'), 5 * 1024 ** 3);
    const files: ScannedFile[] = [];
    const started = performance.now();
    const summary = await scanLibrary(orm, [dir], { onFile: (f) => files.push(f) });
    expect((performance.now() - started) / 1000).toBeLessThan(15);
    expect(summary).toMatchObject({ files: 1, added: 1, warnings: 1 });
    expect(files[0]!.tagError).toMatch(/UNREADABLE|could not read|no audio stream/i);
  });

  it('takes format facts from the content: Opus and Vorbis in Ogg and a WAV, all named .mp3', async () => {
    const dir = folder('misnamed');
    const cases = [
      { name: 'opus.mp3', args: ['-c:a', 'libopus', '-b:a', '96k', '-f', 'ogg'], codec: /opus/, seconds: 3 },
      { name: 'vorbis.mp3', args: ['-c:a', 'libvorbis', '-f', 'ogg'], codec: /vorbis/, seconds: 4 },
      { name: 'wave.mp3', args: ['-c:a', 'pcm_s16le', '-f', 'wav'], codec: /pcm/, seconds: 2.5 },
    ];
    for (const c of cases) {
      ffmpeg('-f', 'lavfi', '-i', `sine=f=440:d=${c.seconds}`, ...c.args, path.join(dir, c.name));
    }
    await scanLibrary(orm, [dir]);
    for (const c of cases) {
      const [row] = await sql<{ codec: string | null; duration_seconds: number | null }>(
        orm,
        'select codec, duration_seconds from tracks where path = ?',
        [path.join(dir, c.name)],
      );
      expect(row!.codec, c.name).toMatch(c.codec);
      expect(Math.abs(row!.duration_seconds! - c.seconds), c.name).toBeLessThanOrEqual(0.1);
    }
  });
});
