import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MikroORM } from '@mikro-orm/sql';
import { FingerprintRepository } from '../../server/db/FingerprintRepository.ts';
import { TrackRepository } from '../../server/db/TrackRepository.ts';
import { isAuralisError } from '../../server/errors.ts';
import { TIMBRE_LENGTH } from '../../server/fingerprint/timbre.ts';
import { openLibrary } from '../similarity/helpers.ts';
import { syntheticValues } from './helpers.ts';

let library: Awaited<ReturnType<typeof openLibrary>>;
let orm: MikroORM;

beforeAll(async () => {
  library = await openLibrary();
  orm = library.orm;
});

afterAll(async () => {
  await library?.close();
});

async function addTrack(name: string): Promise<number> {
  return (await new TrackRepository(orm.em.fork()).add({ path: `/music/${name}.flac` })).id;
}

const TIMBRE = Array.from({ length: TIMBRE_LENGTH }, (_, i) => (i < 13 ? -20 + 3.1 * i + 1 / 3 : 0.25 + i / 7));

describe('timbre storage beside the fingerprint (track_fingerprints.timbre, 26 float64)', () => {
  it('stores the 26 values exactly and returns them on every read path; absent timbre reads null', async () => {
    const a = await addTrack('timbre-a');
    const b = await addTrack('timbre-b');
    const repository = new FingerprintRepository(orm.em.fork());
    const stored = await repository.upsert({ trackId: a, values: syntheticValues(1), timbre: TIMBRE });
    expect(stored.timbre).toStrictEqual(TIMBRE);
    await repository.upsert({ trackId: b, values: syntheticValues(2) });
    const [first, second] = await repository.loadByTrackIds([a, b]);
    expect(first!.timbre).toStrictEqual(TIMBRE);
    expect(second!.timbre).toBeNull();
    const page = await repository.page(null, { first: 10 });
    expect(page.nodes.find((n) => n.trackId === a)!.timbre).toStrictEqual(TIMBRE);
    const matrix = await repository.getTimbreMatrix();
    expect([...matrix.trackIds]).toStrictEqual([a]);
    expect([...matrix.values]).toStrictEqual(TIMBRE);
    // A later upsert without timbre clears it (the row is replaced whole).
    await repository.upsert({ trackId: a, values: syntheticValues(1) });
    expect((await repository.getByTrackId(a))!.timbre).toBeNull();
  });

  it('refuses a wrong length, a non-finite value or a negative standard deviation with INVALID_FINGERPRINT, writing nothing', async () => {
    const a = await addTrack('timbre-bad');
    const repository = new FingerprintRepository(orm.em.fork());
    const cases: [unknown, string][] = [
      [TIMBRE.slice(1), 'timbre: expected 26 numbers (13 MFCC means, 13 standard deviations), received 25 values'],
      [TIMBRE.map((v, i) => (i === 4 ? Number.NaN : v)), 'timbre[4] (mfcc5Mean): expected a finite number in -1000…1000, received NaN'],
      [TIMBRE.map((v, i) => (i === 20 ? -0.5 : v)), 'timbre[20] (mfcc8Std): expected a finite number in 0…1000, received -0.5'],
    ];
    for (const [timbre, message] of cases) {
      let error: unknown;
      try {
        await repository.upsert({ trackId: a, values: syntheticValues(3), timbre: timbre as number[] });
      } catch (caught) {
        error = caught;
      }
      expect(isAuralisError(error) && { code: error.code, message: error.message }).toStrictEqual({ code: 'INVALID_FINGERPRINT', message });
    }
    expect(await repository.getByTrackId(a)).toBeNull();
  });
});
