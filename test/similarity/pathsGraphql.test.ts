import { copyFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encode } from '../../fixtures/encode.ts';
import { musicMix } from '../../fixtures/musicMix.ts';
import { seededRandom } from '../../fixtures/random.ts';
import { encodeGlobalId } from '../../server/graphql/globalId.ts';
import { createHarness, type Harness } from '../graphql/harness.ts';
import { addTracks, valuesAt } from './helpers.ts';

describe('GraphQL: sonicPath, mix, richer similar, because', () => {
  let h: Harness;
  let ids: number[];
  const gid = (id: number) => encodeGlobalId('Track', id);

  beforeAll(async () => {
    h = await createHarness();
    const next = seededRandom(8);
    ids = await addTracks(h.orm, Array.from({ length: 80 }, () => valuesAt(() => next())));
  });
  afterAll(async () => h.close());

  it('sonicPath: from first, to last, via in order, no repeats, steps with similarities and because', async () => {
    const response = await h.gql(
      `query($from: ID!, $to: ID!, $via: [ID!]) {
        sonicPath(from: $from, to: $to, count: 12, via: $via, direction: [{dimension: LUFS, order: ASCENDING}]) {
          track { databaseId } similarityToPrevious similarityToStart because
        }
      }`,
      { from: gid(ids[0]!), to: gid(ids[1]!), via: [gid(ids[2]!)] },
    );
    expect(response.errors).toBeUndefined();
    const steps = response.data!.sonicPath as any[];
    expect(steps).toHaveLength(12);
    expect(steps[0].track.databaseId).toBe(ids[0]);
    expect(steps[11].track.databaseId).toBe(ids[1]);
    expect(steps.map((s) => s.track.databaseId)).toContain(ids[2]);
    expect(new Set(steps.map((s) => s.track.databaseId)).size).toBe(12);
    expect(steps[0]).toMatchObject({ similarityToPrevious: 1, similarityToStart: 1, because: '' });
    expect(steps[5].because).toMatch(/both|B (is|has)/);

    const bad = await h.gql(`query($a: ID!) { sonicPath(from: $a, to: $a) { similarityToStart } }`, { a: gid(ids[0]!) });
    expect(bad.errors?.[0]?.extensions?.code).toBe('INVALID_PATH');
  });

  it('mix: the seeds and count tracks, each with its seed', async () => {
    const response = await h.gql(
      `query($seeds: [ID!]!) { mix(seeds: $seeds, count: 10, maxPerAlbum: 2, where: {tempoBpm: {gte: 60}}) {
        track { databaseId } seed { databaseId } similarityToSeed similarityToPrevious because
      } }`,
      { seeds: [gid(ids[3]!), gid(ids[4]!)] },
    );
    expect(response.errors).toBeUndefined();
    const mix = response.data!.mix as any[];
    expect(mix).toHaveLength(10);
    expect(mix[0].track.databaseId).toBe(ids[3]);
    expect(mix.map((m) => m.track.databaseId)).toContain(ids[4]);
    for (const m of mix) expect([ids[3], ids[4]]).toContain(m.seed.databaseId);
  });

  it('similarTracks and Track.similar take where, caps and diversity; results and compareTracks carry because', async () => {
    const response = await h.gql(
      `query($id: ID!) {
        similarTracks(trackId: $id, first: 5, where: {lufs: {gte: -20}}, maxPerArtist: 1, diversity: 0.5) { track { databaseId fingerprint { lufs } } because }
        track(id: $id) { ... on Track { similar(first: 3, where: {lufs: {gte: -20}}) { because } } }
        compareTracks(a: $id, b: $id) { because }
      }`,
      { id: gid(ids[6]!) },
    );
    expect(response.errors).toBeUndefined();
    for (const r of response.data!.similarTracks as any[]) {
      expect(r.track.fingerprint.lufs).toBeGreaterThanOrEqual(-20);
      expect(r.because.length).toBeGreaterThan(0);
    }
    expect(response.data!.track.similar).toHaveLength(3);
    expect(response.data!.compareTracks.because).toBe('identical on every weighted dimension');
    const bad = await h.gql(`query($id: ID!) { similarTracks(trackId: $id, diversity: 2) { rank } }`, { id: gid(ids[6]!) });
    expect(bad.errors?.[0]?.extensions?.code).toBe('INVALID_ARGUMENT');
  });

  it('similarToFile: a file inside the roots, not in the library, analysed now and nothing stored; outside the roots refused', async () => {
    const source = await encode(musicMix({ seconds: 8, seed: 2 }), { format: 'flac', name: 'similar-to-file' });
    const inside = path.join(h.libraryRoot, 'probe.flac');
    await copyFile(source, inside);
    const count = async () => (await h.gql(`{ tracks(first: 1) { totalCount } }`)).data!.tracks.totalCount;
    const before = await count();
    const response = await h.gql(`query($p: String!) { similarToFile(path: $p, first: 3) { rank because track { databaseId } } }`, { p: inside });
    expect(response.errors).toBeUndefined();
    expect(response.data!.similarToFile).toHaveLength(3);
    expect(await count()).toBe(before);
    const outside = await h.gql(`query($p: String!) { similarToFile(path: $p) { rank } }`, { p: source });
    expect(outside.errors?.[0]?.extensions?.code).toBe('PATH_OUTSIDE_LIBRARY');
  }, 60_000);
});
