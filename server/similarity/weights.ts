/**
 * Distance weights: the catalogue's defaults (SPEC-fingerprint.md table, scaled to sum to 1) or a
 * custom partial map of dimension → weight in 0…MAX_WEIGHT, re-scaled to sum to 1 (dimensions left out
 * weigh 0). Only the ratios matter; the bound keeps the sum finite (1e308 twice would overflow to
 * Infinity and scale every weight to 0, making every similarity 1).
 */
import { DEFAULT_WEIGHTS, DIMENSIONS, DIMENSION_KEYS, type DimensionKey, isDimensionKey } from '../fingerprint/dimensions.ts';
import { InvalidWeightsError } from './errors.ts';

/**
 * A partial map of dimension (camelCase catalogue key, or `timbre` for the 26 MFCC statistics beside the 25,
 * timbreDistance.ts) → weight ≥ 0; or a list of such pairs.
 */
export type WeightInput =
  | Readonly<Record<string, number>>
  | readonly { readonly dimension: string; readonly weight: number }[];

/** Largest weight one dimension may be given (the ratio 1000 : 0.001 spans any useful emphasis). */
export const MAX_WEIGHT = 1000;

/** The default weights in spec order (sum 1). */
export const DEFAULT_WEIGHT_VECTOR: Float64Array = Float64Array.from(DIMENSION_KEYS, (k) => DEFAULT_WEIGHTS[k]);

/** The weight name of the timbre term (timbreDistance.ts); not a dimension. */
export const TIMBRE_WEIGHT = 'timbre';

/** The 25 dimension weights and the timbre weight, summing to 1 together. */
export interface DistanceWeights {
  readonly dimensions: Float64Array;
  readonly timbre: number;
}

/** A named weight set: its weights (raw; re-scaled to sum to 1 when used) and why it weighs what it does. */
export interface WeightPresetSpec {
  /** Short name for a list ("Sound"). */
  readonly title: string;
  /** Which dimensions it uses, with which weights, and why. */
  readonly description: string;
  /** Dimension (catalogue key) or `timbre` → raw weight; dimensions left out weigh 0. */
  readonly weights: Readonly<Record<string, number>>;
}

const defaultTimes = (factor: number) => Object.fromEntries(DIMENSION_KEYS.map((k) => [k, factor * DEFAULT_WEIGHTS[k]]));
const defaultOf = (keys: readonly DimensionKey[]) => Object.fromEntries(keys.map((k) => [k, DEFAULT_WEIGHTS[k]]));

/**
 * Named weight sets (GraphQL `SimilarityPreset`, `similarityPresets`; README "Similarity presets"). Each is re-scaled to
 * sum to 1 when used. `default` is the spec's distance and has no timbre term (test/similarity/timbre.test.ts: timbre
 * does not fully separate instrument families on its own, so it is not forced on every query).
 */
export const WEIGHT_PRESET_SPECS = {
  default: {
    title: 'Default',
    description:
      'All 25 dimensions with the spec’s weights (SPEC-fingerprint.md; loudness 0.097, crest and tempo 0.078, the seven ' +
      'bands 0.029–0.058, the rest 0.010–0.049), no timbre: an overall "feels alike" that every fingerprint supports.',
    weights: defaultTimes(1),
  },
  sound: {
    title: 'Sound',
    description:
      'Timbre 0.6 (the 26 MFCC statistics: instrument and production colour) and the default 25 scaled to 0.4: "sounds ' +
      'like" first, then tempo, loudness and the rest. On generated melodies it puts 12 of 12 tracks next to their own ' +
      'instrument family, where the default gives 10 of 12. Tracks without stored timbre count an average timbre distance.',
    weights: { [TIMBRE_WEIGHT]: 0.6, ...defaultTimes(0.4) },
  },
  timbre: {
    title: 'Timbre only',
    description:
      'Timbre 1 and the 25 dimensions 0: only the mel-cepstrum colour (instrument, voice, production), regardless of ' +
      'tempo, key or loudness. Best on its own at telling instruments apart (11 of 12 on the generated melodies); ' +
      'tracks without stored timbre all lie at the average timbre distance.',
    weights: { [TIMBRE_WEIGHT]: 1 },
  },
  rhythm: {
    title: 'Rhythm',
    description:
      'The temporal group only: tempoBpm 0.4, rhythmStability 0.25, transientDensity 0.25, silenceRatio 0.1: tempo first ' +
      '(what a DJ or a runner matches), then how steady the beat is and how dense the attacks are, a little for breaks ' +
      'and gaps. For "same groove, any sound".',
    weights: { tempoBpm: 0.4, rhythmStability: 0.25, transientDensity: 0.25, silenceRatio: 0.1 },
  },
  loudness: {
    title: 'Loudness and dynamics',
    description:
      'Level and dynamics only: lufs 0.35, crestDb 0.25, dynamicRangeVariation 0.15, loudnessVariationStd 0.15, ' +
      'peakConsistency 0.1: how loud, how compressed (crest factor) and how much the level moves over the track. For ' +
      'playlists without jumps in level or "mastered alike".',
    weights: { lufs: 0.35, crestDb: 0.25, dynamicRangeVariation: 0.15, loudnessVariationStd: 0.15, peakConsistency: 0.1 },
  },
  tonalBalance: {
    title: 'Tonal balance',
    description:
      'The spectrum only, with the spec’s weights: the seven band shares (subBassPct … airPct), bassMidRatio and ' +
      'spectralCentroid / Rolloff / Flatness: the EQ curve and brightness ("as bass-heavy, as bright"), without timbre, ' +
      'so it works on fingerprints analysed before the timbre group.',
    weights: defaultOf([
      'subBassPct', 'bassPct', 'lowMidPct', 'midPct', 'upperMidPct', 'presencePct', 'airPct',
      'bassMidRatio', 'spectralCentroid', 'spectralRolloff', 'spectralFlatness',
    ]),
  },
} as const satisfies Record<string, WeightPresetSpec>;

export type WeightPreset = keyof typeof WEIGHT_PRESET_SPECS;

export const WEIGHT_PRESET_NAMES = Object.keys(WEIGHT_PRESET_SPECS) as WeightPreset[];

/** The raw weights of each preset (WEIGHT_PRESET_SPECS). */
export const WEIGHT_PRESETS = Object.fromEntries(WEIGHT_PRESET_NAMES.map((name) => [name, WEIGHT_PRESET_SPECS[name].weights])) as {
  readonly [P in WeightPreset]: Readonly<Record<string, number>>;
};

function pairsOf(input: WeightInput): (readonly [string, number])[] {
  return Array.isArray(input)
    ? (input as readonly { dimension: string; weight: number }[]).map((p) => [p.dimension, p.weight] as const)
    : Object.entries(input as Record<string, number>);
}

/**
 * The 25 dimension weights (spec order) and the timbre weight, together summing to 1.
 * - No preset: `input` alone (dimensions left out weigh 0); `undefined` / null gives the defaults (timbre 0).
 * - A preset: its raw weights (WEIGHT_PRESET_SPECS), each entry of `input` replacing that dimension's (or timbre's)
 *   weight on the preset's scale; then all re-scaled to sum to 1.
 * A `timbre` entry takes part in the scaling like a dimension.
 * @throws InvalidWeightsError as resolveWeights, or for an unknown preset.
 */
export function resolveDistanceWeights(input: WeightInput | null | undefined, preset?: WeightPreset | null): DistanceWeights {
  if (preset != null) {
    if (!Object.hasOwn(WEIGHT_PRESET_SPECS, preset)) {
      throw new InvalidWeightsError(`preset: \`${String(preset)}\` is not a preset; expected one of ${WEIGHT_PRESET_NAMES.join(', ')}`);
    }
    const overrides = input == null ? [] : pairsOf(input);
    const seen = new Set<string>();
    for (const [name] of overrides) {
      if (seen.has(name)) throw new InvalidWeightsError(`weights: \`${name}\` is given twice; expected each dimension at most once`);
      seen.add(name);
    }
    return resolveDistanceWeights({ ...WEIGHT_PRESETS[preset], ...Object.fromEntries(overrides) });
  }
  if (input == null) return { dimensions: DEFAULT_WEIGHT_VECTOR, timbre: 0 };
  const pairs = pairsOf(input);
  const timbrePairs = pairs.filter(([name]) => name === TIMBRE_WEIGHT);
  if (timbrePairs.length > 1) throw new InvalidWeightsError('weights: `timbre` is given twice; expected each dimension at most once');
  const timbre = timbrePairs[0]?.[1] ?? 0;
  if (typeof timbre !== 'number' || !Number.isFinite(timbre) || timbre < 0 || timbre > MAX_WEIGHT) {
    throw new InvalidWeightsError(`weights.timbre: expected a number from 0 to ${MAX_WEIGHT}, received ${String(timbre)}`);
  }
  const rest = pairs.filter(([name]) => name !== TIMBRE_WEIGHT);
  let restSum = 0;
  for (const [, weight] of rest) if (typeof weight === 'number' && Number.isFinite(weight)) restSum += weight;
  if (timbre > 0 && rest.every(([, weight]) => weight === 0)) {
    // Timbre alone: resolveWeights would refuse an all-zero set; the 25 weigh 0.
    for (const [name] of rest) resolveWeights([{ dimension: name, weight: 1 }]); // names checked
    return { dimensions: new Float64Array(DIMENSIONS.length), timbre: 1 };
  }
  const dimensions = resolveWeights(rest.map(([dimension, weight]) => ({ dimension, weight })));
  const total = restSum + timbre;
  if (timbre === 0) return { dimensions, timbre: 0 };
  const scale = restSum / total;
  return { dimensions: dimensions.map((w) => w * scale), timbre: timbre / total };
}

/** The weights of a preset (WEIGHT_PRESETS). */
export function presetWeights(preset: WeightPreset): DistanceWeights {
  return resolveDistanceWeights(WEIGHT_PRESETS[preset]);
}

/**
 * The weights in spec order, summing to 1. `undefined` / null gives the defaults.
 * @throws InvalidWeightsError for an unknown dimension, a repeated one, a weight that is not a number in
 *   0…MAX_WEIGHT, or when every weight is 0 (the sum must be finite and positive).
 */
export function resolveWeights(input: WeightInput | null | undefined): Float64Array {
  if (input == null) return DEFAULT_WEIGHT_VECTOR;
  const pairs = pairsOf(input);
  const weights = new Float64Array(DIMENSIONS.length);
  const seen = new Set<string>();
  for (const [name, weight] of pairs) {
    if (!isDimensionKey(name)) {
      throw new InvalidWeightsError(
        `weights: \`${name}\` is not a dimension; expected catalogue names such as tempoBpm or lufs`,
      );
    }
    if (seen.has(name)) throw new InvalidWeightsError(`weights: \`${name}\` is given twice; expected each dimension at most once`);
    seen.add(name);
    if (typeof weight !== 'number' || !Number.isFinite(weight) || weight < 0 || weight > MAX_WEIGHT) {
      throw new InvalidWeightsError(`weights.${name}: expected a number from 0 to ${MAX_WEIGHT}, received ${String(weight)}`);
    }
    weights[DIMENSION_KEYS.indexOf(name)] = weight;
  }
  let sum = 0;
  for (const w of weights) sum += w;
  if (!(sum > 0 && Number.isFinite(sum))) {
    throw new InvalidWeightsError('weights: expected at least one weight > 0, received ' + (pairs.length === 0 ? 'none' : 'only zeros'));
  }
  for (let i = 0; i < weights.length; i++) weights[i]! /= sum;
  return weights;
}
