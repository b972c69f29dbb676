/**
 * The fingerprint v2 facts on `TrackFingerprint` (docs/fingerprint.md "Facts beside the 25"): tempo confidence
 * and alternate, `key { … }` and `replayGain { … }`. Not part of the distance; null on a v1 fingerprint (STALE)
 * and while this build does not compute a fact.
 */
import { fact } from '../server/fingerprint/facts.ts';
import { type MusicalKey, storedKey } from '../server/fingerprint/storedKey.ts';
import { builder } from '../server/graphql/builder.ts';
import { type TrackReplayGain, trackReplayGain } from '../server/library/replayGainService.ts';
import { FingerprintRef } from './fingerprintRef.ts';

const factDoc = (key: Parameters<typeof fact>[0]) => `${fact(key).description} Unit: ${fact(key).unit}.`;

const KeyRef = builder.objectRef<MusicalKey & { confidence: number | null }>('MusicalKey').implement({
  description: 'The estimated key from the mean chroma and a published key profile (docs/fingerprint.md "Key and mode").',
  fields: (t) => ({
    name: t.exposeString('name', { description: 'Tonic and mode, e.g. "A minor", "Eb major".' }),
    camelot: t.exposeString('camelot', { description: 'Camelot wheel code: "8A" = A minor, "8B" = C major.' }),
    pitchClass: t.exposeInt('pitchClass', { description: factDoc('keyPitchClass') }),
    mode: t.field({
      type: builder.enumType('KeyMode', { values: ['MAJOR', 'MINOR'] as const }),
      resolve: (key) => (key.mode === 'major' ? 'MAJOR' : 'MINOR'),
    }),
    confidence: t.float({ nullable: true, description: factDoc('keyConfidence'), resolve: (key) => key.confidence }),
  }),
});

interface ReplayGainShape extends TrackReplayGain {
  readonly trackId: number;
}

const ReplayGainRef = builder.objectRef<ReplayGainShape>('ReplayGain').implement({
  description:
    'ReplayGain 2.0 (reference −18 LUFS; peaks are true peaks, BS.1770-4 Annex 2). Album values merge the gating-block ' +
    'loudness histograms of every track with the same album and album artist (batched per request).',
  fields: (t) => ({
    trackGainDb: t.exposeFloat('trackGainDb', { description: 'Gain bringing the track to −18 LUFS, dB.' }),
    trackPeak: t.float({
      nullable: true,
      description: 'Track true peak as a linear amplitude (1 = full scale).',
      resolve: (rg) => rg.trackPeak,
    }),
    albumGainDb: t.float({
      nullable: true,
      description: 'Gain bringing the whole album to −18 LUFS, dB; null without an album tag or while a track of the album lacks v2 facts.',
      resolve: async (rg, _args, context) => (await context.loaders.albumReplayGain.load(rg.trackId))?.albumGainDb ?? null,
    }),
    albumPeak: t.float({
      nullable: true,
      description: 'Largest track true peak of the album, linear amplitude; null as albumGainDb.',
      resolve: async (rg, _args, context) => (await context.loaders.albumReplayGain.load(rg.trackId))?.albumPeak ?? null,
    }),
  }),
});

builder.objectFields(FingerprintRef, (t) => ({
  tempoConfidence: t.float({ nullable: true, description: factDoc('tempoConfidence'), resolve: (fp) => fp.tempoConfidence }),
  tempoAlternateBpm: t.float({ nullable: true, description: factDoc('tempoAlternateBpm'), resolve: (fp) => fp.tempoAlternateBpm }),
  truePeakDbtp: t.float({ nullable: true, description: factDoc('truePeakDbtp'), resolve: (fp) => fp.truePeakDbtp }),
  key: t.field({
    type: KeyRef,
    nullable: true,
    description: 'The estimated key; null on a v1 fingerprint or while this build does not estimate keys.',
    resolve: (fp) => {
      const key = storedKey(fp.keyPitchClass, fp.keyMode);
      return key === null ? null : { ...key, confidence: fp.keyConfidence };
    },
  }),
  replayGain: t.field({
    type: ReplayGainRef,
    nullable: true,
    description: 'ReplayGain 2.0 track and album gain and peak.',
    resolve: (fp) => ({ trackId: fp.trackId, ...trackReplayGain(fp) }),
  }),
}));
