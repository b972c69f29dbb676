/**
 * Weight presets: the `SimilarityPreset` enum (argument of similarTracks, Track.similar, similarToFile,
 * similarToValues, compareTracks, sonicPath and mix), the `similarityPresets` query that lists them with their
 * weights and descriptions, and the `timbreWeight` argument's description. Generated from
 * server/similarity/weights.ts WEIGHT_PRESET_SPECS.
 */
import { DIMENSIONS } from '../server/fingerprint/dimensions.ts';
import { builder } from '../server/graphql/builder.ts';
import {
  MAX_WEIGHT,
  resolveDistanceWeights,
  WEIGHT_PRESET_NAMES,
  WEIGHT_PRESET_SPECS,
  type WeightPreset,
} from '../server/similarity/weights.ts';
import { DimensionEnum } from './dimension.ts';

/** GraphQL enum value of a preset name: `tonalBalance` → `TONAL_BALANCE`. */
function presetEnumName(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase();
}

export const SimilarityPresetEnum = builder.enumType('SimilarityPreset', {
  description:
    'A named weight set for the distance (`similarityPresets` lists each with its weights). `weights` and `timbreWeight` ' +
    'given beside a preset replace its weight of those dimensions, on the preset’s scale (its weights sum to 1).',
  values: Object.fromEntries(
    WEIGHT_PRESET_NAMES.map((name) => [presetEnumName(name), { value: name, description: WEIGHT_PRESET_SPECS[name].description }]),
  ) as Record<string, { value: WeightPreset; description: string }>,
});

/** Description of the `timbreWeight` argument. */
export const TIMBRE_WEIGHT_DESCRIPTION =
  `Weight of the timbre term (0…${MAX_WEIGHT}): the distance of the 26 MFCC statistics (TrackFingerprint.timbre), ` +
  're-scaled together with the dimension weights. Without a preset it counts with `weights` alone (only it: timbre ' +
  'only); with a preset it replaces the preset’s timbre weight. A track without stored timbre counts √(1/6) ≈ 0.41.';

interface PresetRow {
  readonly preset: WeightPreset;
}

const PresetDimensionWeight = builder
  .objectRef<{ dimension: (typeof DIMENSIONS)[number]['key']; weight: number }>('PresetDimensionWeight')
  .implement({
    description: 'One dimension’s weight in a preset, after scaling (the dimensions and the timbre weight sum to 1).',
    fields: (t) => ({
      dimension: t.field({ type: DimensionEnum, resolve: (w) => w.dimension }),
      weight: t.exposeFloat('weight'),
    }),
  });

const SimilarityPresetInfo = builder.objectRef<PresetRow>('SimilarityPresetInfo').implement({
  description: 'A weight preset: what it weighs and why.',
  fields: (t) => ({
    preset: t.field({ type: SimilarityPresetEnum, resolve: (r) => r.preset }),
    title: t.string({ description: 'Short name for a list.', resolve: (r) => WEIGHT_PRESET_SPECS[r.preset].title }),
    description: t.string({
      description: 'Which dimensions, with which weights, and why.',
      resolve: (r) => WEIGHT_PRESET_SPECS[r.preset].description,
    }),
    weights: t.field({
      type: [PresetDimensionWeight],
      description: 'The dimensions it weighs (weight > 0), in spec order.',
      resolve: (r) => {
        const { dimensions } = resolveDistanceWeights(null, r.preset);
        return DIMENSIONS.flatMap((d, j) => (dimensions[j]! > 0 ? [{ dimension: d.key, weight: dimensions[j]! }] : []));
      },
    }),
    timbreWeight: t.float({
      description: 'Weight of the timbre term (0: none).',
      resolve: (r) => resolveDistanceWeights(null, r.preset).timbre,
    }),
  }),
});

builder.queryField('similarityPresets', (t) =>
  t.field({
    type: [SimilarityPresetInfo],
    description: 'The weight presets, DEFAULT first, with their weights and what each is for.',
    resolve: () => WEIGHT_PRESET_NAMES.map((preset) => ({ preset })),
  }),
);
