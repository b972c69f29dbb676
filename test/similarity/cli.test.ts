import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MikroORM } from '@mikro-orm/sql';
import { encode } from '../../fixtures/encode.ts';
import { musicMix } from '../../fixtures/musicMix.ts';
import { seededRandom } from '../../fixtures/random.ts';
import { TrackRepository } from '../../server/db/TrackRepository.ts';
import { FingerprintRepository } from '../../server/db/FingerprintRepository.ts';
import { analyseFile } from '../../server/fingerprint/analyse.ts';
import type { FingerprintValues } from '../../server/fingerprint/dimensions.ts';
import { SimilarityService } from '../../server/similarity/similarityService.ts';
import { addTracks, openLibrary, valuesAt } from './helpers.ts';
import { runAuralis } from '../cli/runCli.ts';

const auralis = (...args: string[]) => runAuralis(args, { AURALIS_DB: '' });

describe('auralis similar', () => {
  let orm: MikroORM;
  let close: () => Promise<void>;
  let dbPath: string;
  let ids: number[];
  let mixPath: string;
  let mixTrackId: number;

  beforeAll(async () => {
    ({ orm, close, dbUrl: dbPath } = await openLibrary());
    const next = seededRandom(21);
    ids = await addTracks(orm, Array.from({ length: 12 }, () => valuesAt(() => next())));
    // A real file in the library: its stored fingerprint is its analysis.
    mixPath = await encode(musicMix({ seconds: 20, seed: 4 }), { format: 'flac', name: 'similar-cli' });
    const analysis = await analyseFile(mixPath);
    const em = orm.em.fork();
    mixTrackId = (await new TrackRepository(em).add({ path: mixPath, title: 'Mix four', artist: 'Fixture' })).id;
    await new FingerprintRepository(em).upsert({ trackId: mixTrackId, values: analysis.values as FingerprintValues });
  }, 60_000);
  afterAll(async () => close());

  it('by track id: the service’s ranking, as JSON and as a table', async () => {
    const expected = await new SimilarityService(orm.em.fork()).similarTracks(ids[2]!, { first: 4 });
    const json = await auralis('similar', String(ids[2]), '-n', '4', '--json', '--db', dbPath);
    expect(json.stderr).toBe('');
    expect(json.code).toBe(0);
    const report = JSON.parse(json.stdout);
    expect(report.query).toEqual({ trackId: ids[2], analysedPath: null });
    expect(report.normalisers).toBe('library');
    expect(report.results.map((r: any) => r.trackId)).toEqual(expected.map((r) => r.trackId));
    report.results.forEach((r: any, i: number) => expect(r.distance).toBeCloseTo(expected[i]!.distance, 12));
    expect(report.results[0].contributions).toHaveLength(25);

    const table = await auralis('similar', String(ids[2]), '-n', '4', '--db', dbPath);
    expect(table.code).toBe(0);
    const lines = table.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe(`Nearest to track ${ids[2]}; normalisation: library`);
    expect(lines).toHaveLength(5);
    expect(lines[1]).toContain(`#${expected[0]!.trackId}`);
    expect(lines[1]).toContain(expected[0]!.similarity.toFixed(4));
  });

  it('by path: a library file uses its stored fingerprint; a copy outside the library is analysed now and finds it nearest', async () => {
    const stored = JSON.parse((await auralis('similar', mixPath, '-n', '2', '--json', '--db', dbPath)).stdout);
    expect(stored.query).toEqual({ trackId: mixTrackId, analysedPath: null });
    expect(stored.results.map((r: any) => r.trackId)).not.toContain(mixTrackId);

    // The same signal as WAV, not in the library: analysed on the fly; the FLAC in the library is nearest.
    const wav = await encode(musicMix({ seconds: 20, seed: 4 }), { format: 'wav16', name: 'similar-cli' });
    const run = await auralis('similar', wav, '-n', '1', '--db', dbPath);
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain('(analysed now)');
    expect(run.stdout).toContain(`#${mixTrackId}`);
    expect(run.stdout).toContain('Fixture – Mix four');
    const json = JSON.parse((await auralis('similar', wav, '-n', '1', '--json', '--db', dbPath)).stdout);
    expect(json.results[0].trackId).toBe(mixTrackId);
    expect(json.results[0].distance).toBeLessThan(0.01); // same samples, 16-bit WAV vs FLAC
  });

  it('fails with one line and a code: unknown track, missing file, bad -n', async () => {
    expect(await auralis('similar', '999999', '--db', dbPath)).toEqual({
      code: 1,
      stdout: '',
      stderr: 'auralis similar: track 999999: not found [TRACK_NOT_FOUND]\n',
    });
    const missing = await auralis('similar', '/nonexistent/song.mp3', '--db', dbPath);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^auralis similar: .*\[FILE_NOT_FOUND\]\n$/);
    const bad = await auralis('similar', String(ids[0]), '-n', '0', '--db', dbPath);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('expected an integer from 1 to 500, received "0"');
  });
});
