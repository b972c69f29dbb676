/**
 * The fingerprint v2 facts through GraphQL: tempo confidence / alternate, `key { … }` and `replayGain { … }`, with
 * album values from the album's stored gating-block histograms (real SQLite, the real yoga instance).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FingerprintRepository } from '../../server/db/FingerprintRepository.ts';
import { TrackRepository } from '../../server/db/TrackRepository.ts';
import type { FingerprintFacts } from '../../server/fingerprint/facts.ts';
import { syntheticValues } from '../db/helpers.ts';
import { createHarness, type Harness } from './harness.ts';

let h: Harness;

/** A histogram of `blocks` gating blocks in one 0.1 LU bin (bin i centres on −70 + (i + 0.5)/10 LUFS). */
function oneBin(bin: number, blocks: number): Float64Array {
  const counts = new Float64Array(1000);
  counts[bin] = blocks;
  return counts;
}

const energy = (lufs: number) => 10 ** ((lufs + 0.691) / 10);
const centre = (bin: number) => -70 + (bin + 0.5) / 10;

const FACTS_A: FingerprintFacts = { tempoConfidence: 0.9, tempoAlternateBpm: 64, truePeakDbtp: -1, keyPitchClass: 9, keyMode: 0, keyConfidence: 0.7 };

beforeAll(async () => {
  h = await createHarness();
  const tracks = new TrackRepository(h.orm.em.fork());
  const fingerprints = new FingerprintRepository(h.orm.em.fork());
  const album = { album: 'Blue', albumArtist: 'The Band' };
  const a = await tracks.add({ path: `${h.libraryRoot}/a.flac`, title: 'a', ...album });
  const b = await tracks.add({ path: `${h.libraryRoot}/b.flac`, title: 'b', ...album });
  const quietIntro = await tracks.add({ path: `${h.libraryRoot}/c.flac`, title: 'c', ...album });
  const sameTitleOtherArtist = await tracks.add({ path: `${h.libraryRoot}/d.flac`, title: 'd', album: 'Blue', albumArtist: 'Others' });
  const single = await tracks.add({ path: `${h.libraryRoot}/e.flac`, title: 'e' });
  const v1 = await tracks.add({ path: `${h.libraryRoot}/f.flac`, title: 'f', album: 'Old', albumArtist: null });
  await fingerprints.upsert({ trackId: a.id, values: { ...syntheticValues(1), lufs: -20 }, facts: FACTS_A, loudnessHistogram: oneBin(500, 100) });
  await fingerprints.upsert({
    trackId: b.id,
    values: { ...syntheticValues(2), lufs: -15 },
    facts: { ...FACTS_A, truePeakDbtp: -0.2, keyPitchClass: 0, keyMode: 1 },
    loudnessHistogram: oneBin(550, 300),
  });
  // 50 blocks 40 LU below the rest: under the album's relative gate, so they do not lower the album loudness.
  await fingerprints.upsert({ trackId: quietIntro.id, values: syntheticValues(3), facts: { ...FACTS_A, truePeakDbtp: -30 }, loudnessHistogram: oneBin(150, 50) });
  await fingerprints.upsert({ trackId: sameTitleOtherArtist.id, values: syntheticValues(4), facts: { ...FACTS_A, truePeakDbtp: 0.5 }, loudnessHistogram: oneBin(700, 10) });
  await fingerprints.upsert({ trackId: single.id, values: syntheticValues(5), facts: FACTS_A, loudnessHistogram: oneBin(500, 10) });
  await fingerprints.upsert({ trackId: v1.id, values: syntheticValues(6), version: 1 });
});
afterAll(() => h.close());

const QUERY = `{ fingerprints(first: 50) { edges { node {
  tempoConfidence tempoAlternateBpm truePeakDbtp lufs version
  key { name camelot pitchClass mode confidence }
  replayGain { trackGainDb trackPeak albumGainDb albumPeak }
  track { title }
} } } }`;

describe('TrackFingerprint facts in GraphQL', () => {
  it('serves tempo, key and ReplayGain; album values merge the album’s histograms, batched (no N+1)', async () => {
    const { result, statements } = await h.countQueries(() => h.gql(QUERY));
    expect(result.errors).toBeUndefined();
    const byTitle = new Map<string, any>(result.data!.fingerprints.edges.map((e: any) => [e.node.track.title, e.node]));
    const a = byTitle.get('a');
    expect(a).toMatchObject({ tempoConfidence: 0.9, tempoAlternateBpm: 64, truePeakDbtp: -1 });
    expect(a.key).toEqual({ name: 'A minor', camelot: '8A', pitchClass: 9, mode: 'MINOR', confidence: 0.7 });
    expect(byTitle.get('b').key).toMatchObject({ name: 'C major', camelot: '8B', mode: 'MAJOR' });
    expect(a.replayGain.trackGainDb).toBeCloseTo(2, 12); // −18 − (−20)
    expect(a.replayGain.trackPeak).toBeCloseTo(10 ** (-1 / 20), 12);
    // Album Blue / The Band: 100 blocks at bin 500 and 300 at bin 550 pass the relative gate; bin 150 does not.
    const albumLoudness = -0.691 + 10 * Math.log10((100 * energy(centre(500)) + 300 * energy(centre(550))) / 400);
    for (const title of ['a', 'b', 'c']) {
      expect(byTitle.get(title).replayGain.albumGainDb, title).toBeCloseTo(-18 - albumLoudness, 9);
      expect(byTitle.get(title).replayGain.albumPeak, title).toBeCloseTo(10 ** (-0.2 / 20), 12);
    }
    // Same album title, other album artist: its own album.
    expect(byTitle.get('d').replayGain.albumGainDb).toBeCloseTo(-18 - (-0.691 + 10 * Math.log10(energy(centre(700)))), 9);
    expect(byTitle.get('d').replayGain.albumPeak).toBeCloseTo(10 ** (0.5 / 20), 12);
    // No album tag: no album values.
    expect(byTitle.get('e').replayGain).toMatchObject({ albumGainDb: null, albumPeak: null });
    // A v1 fingerprint (STALE): facts null, track gain from its LUFS, no album values.
    const old = byTitle.get('f');
    expect(old).toMatchObject({ version: 1, tempoConfidence: null, tempoAlternateBpm: null, truePeakDbtp: null, key: null });
    expect(old.replayGain).toMatchObject({ trackPeak: null, albumGainDb: null, albumPeak: null });
    expect(old.replayGain.trackGainDb).toBeCloseTo(-18 - old.lufs, 12);
    // One page query, one count-free batch of tracks, and the album batch (mates, histograms, fingerprints).
    const selects = statements.filter((s) => /select/i.test(s));
    expect(selects.length).toBeLessThanOrEqual(6);
  });
});
