/**
 * Distance weights: the catalogue's defaults (SPEC-fingerprint.md table, scaled to sum to 1) or a
 * custom partial map of dimension → weight in 0…MAX_WEIGHT, re-scaled to sum to 1 (dimensions left out
 * weigh 0). Only the ratios matter; the bound keeps the sum finite (1e308 twice would overflow to
 * Infinity and scale every weight to 0, making every similarity 1).
 */
import { DEFAULT_WEIGHTS, DIMENSIONS, DIMENSION_KEYS, isDimensionKey } from '../fingerprint/dimensions.ts';
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

/**
 * Named weight sets. `sound`: timbre 0.6 and the default 25 scaled to 0.4, for "sounds like" (instrument and
 * production colour first, then tempo, loudness and the rest; test/similarity/timbre.test.ts). The default distance
 * has no timbre term.
 */
export const WEIGHT_PRESETS = {
  sound: { [TIMBRE_WEIGHT]: 0.6, ...Object.fromEntries(DIMENSION_KEYS.map((k) => [k, 0.4 * DEFAULT_WEIGHTS[k]])) },
} as const satisfies Record<string, Readonly<Record<string, number>>>;

export type WeightPreset = keyof typeof WEIGHT_PRESETS;

/**
 * The 25 dimension weights (spec order) and the timbre weight, together summing to 1; `undefined` / null gives
 * the defaults (timbre 0). A `timbre` entry takes part in the scaling like a dimension.
 * @throws InvalidWeightsError as resolveWeights.
 */
export function resolveDistanceWeights(input: WeightInput | null | undefined): DistanceWeights {
  if (input == null) return { dimensions: DEFAULT_WEIGHT_VECTOR, timbre: 0 };
  const pairs = Array.isArray(input)
    ? (input as readonly { dimension: string; weight: number }[]).map((p) => [p.dimension, p.weight] as const)
    : Object.entries(input as Record<string, number>);
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
  const pairs = Array.isArray(input)
    ? (input as readonly { dimension: string; weight: number }[]).map((p) => [p.dimension, p.weight] as const)
    : Object.entries(input as Record<string, number>);
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
