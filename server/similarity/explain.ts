/**
 * `because`: why two tracks are close or far, in plain words with units, built from the per-dimension
 * contributions of their distance (similarityService.ts explainDistance). Pure.
 *
 * Rule (three reasons at most):
 * - a dimension *differs* when |normalised Δ| ≥ SAME_DELTA; differences are ranked by contribution
 *   (sqrt(w)·|Δ|, the largest first, ties in spec order): they are what makes the distance;
 * - a dimension is *shared* when |normalised Δ| < SAME_DELTA; shared ones are ranked by weight (heavier first,
 *   then smaller |Δ|): those are what keeps a close pair close;
 * - a close pair (distance ≤ CLOSE_DISTANCE) is told as up to two shared dimensions, then its largest
 *   difference ("both 126–128 BPM; both loud, −8 LUFS; B has far more bass (34 vs 12 %)"); a far pair as up to
 *   three differences, the largest first, and its heaviest shared dimension when there is room.
 * - distance 0: "identical on every weighted dimension".
 * Degrees of a difference by |normalised Δ| (percentile points / 100 under rank normalisation): ≥ 0.5 "far",
 * ≥ 0.2 plain, else "slightly".
 */
import { DIMENSIONS, type DimensionKey } from '../fingerprint/dimensions.ts';

/** The part of a DimensionContribution an explanation reads. */
export interface ExplainedContribution {
  readonly dimension: DimensionKey;
  readonly weight: number;
  /** Raw values of a and b, in the dimension's unit. */
  readonly a: number;
  readonly b: number;
  /** Normalised b − normalised a, in [−1, 1]. */
  readonly normalisedDelta: number;
  /** sqrt(weight)·|normalisedDelta|. */
  readonly contribution: number;
  /** Mean of the normalised a and b (0…1; the percentile / 100 in a ranked library); optional. */
  readonly normalisedMean?: number;
}

export interface Reason {
  readonly dimension: DimensionKey;
  readonly kind: 'shared' | 'differs';
  readonly text: string;
}

export interface Explanation {
  /** The reasons joined with "; ". */
  readonly text: string;
  readonly reasons: readonly Reason[];
}

/** |normalised Δ| below which a dimension counts as shared (5 percentile points under rank normalisation). */
export const SAME_DELTA = 0.05;
/** A pair at most this far apart (distance, 0…1) is explained by what it shares first. */
export const CLOSE_DISTANCE = 0.2;
export const MAX_REASONS = 3;

interface Wording {
  /** Noun after "more" / "less" ("B has more bass"), or comparatives ("B is faster" / "B is slower"). */
  readonly noun?: string;
  readonly more?: string;
  readonly less?: string;
  /** Adjectives for a shared value high (≥ 0.75) or low (≤ 0.25) in the library. */
  readonly high?: string;
  readonly low?: string;
}

const WORDING: Record<DimensionKey, Wording> = {
  subBassPct: { noun: 'sub-bass', high: 'sub-heavy' },
  bassPct: { noun: 'bass', high: 'bass-heavy', low: 'light on bass' },
  lowMidPct: { noun: 'low-mid warmth' },
  midPct: { noun: 'midrange', high: 'mid-forward' },
  upperMidPct: { noun: 'upper midrange' },
  presencePct: { noun: 'presence' },
  airPct: { noun: 'air', high: 'airy' },
  lufs: { more: 'louder', less: 'quieter', high: 'loud', low: 'quiet' },
  crestDb: { more: 'punchier (higher crest)', less: 'more compressed (lower crest)', high: 'punchy', low: 'compressed' },
  bassMidRatio: { noun: 'bass against mids' },
  tempoBpm: { more: 'faster', less: 'slower', high: 'fast', low: 'slow' },
  rhythmStability: { more: 'steadier in rhythm', less: 'looser in rhythm', high: 'steady' },
  transientDensity: { more: 'busier', less: 'sparser', high: 'busy', low: 'sparse' },
  silenceRatio: { noun: 'silence' },
  spectralCentroid: { more: 'brighter', less: 'darker', high: 'bright', low: 'dark' },
  spectralRolloff: { more: 'brighter at the top', less: 'duller at the top' },
  spectralFlatness: { more: 'noisier', less: 'more tonal in spectrum', high: 'noisy' },
  harmonicRatio: { more: 'more harmonic', less: 'more percussive', high: 'harmonic', low: 'percussive' },
  pitchStability: { more: 'steadier in pitch', less: 'less steady in pitch' },
  chromaEnergy: { more: 'more tonal', less: 'less tonal', high: 'tonal' },
  dynamicRangeVariation: { noun: 'variation in dynamics' },
  loudnessVariationStd: { noun: 'loudness variation', high: 'varied in loudness', low: 'even in loudness' },
  peakConsistency: { more: 'more even in peaks', less: 'less even in peaks' },
  stereoWidth: { more: 'wider', less: 'narrower', high: 'wide', low: 'narrow' },
  phaseCorrelation: { more: 'more mono-like', less: 'more decorrelated' },
};

const SPEC = new Map(DIMENSIONS.map((d, j) => [d.key as DimensionKey, { unit: d.unit, order: j }]));

/** A value in its unit, as people read it: minus sign U+2212, kHz above 1 kHz, decimals by unit. */
export function formatValue(dimension: DimensionKey, value: number): string {
  const unit = SPEC.get(dimension)!.unit;
  let text: string;
  let suffix = '';
  if (unit === 'Hz' && Math.abs(value) >= 1000) {
    text = (value / 1000).toFixed(1);
    suffix = ' kHz';
  } else if (unit === '0–1' || unit === '−1…1') {
    text = value.toFixed(2);
  } else if (unit === 'onsets/s' || unit === 'LU') {
    text = value.toFixed(1);
    suffix = ` ${unit}`;
  } else {
    text = Math.round(value).toFixed(0);
    suffix = ` ${unit}`;
  }
  if (/^-0(\.0+)?$/.test(text)) text = text.slice(1);
  return `${text.replace('-', '−')}${suffix}`;
}

/** "126–128 BPM", or "127 BPM" when both round alike (the unit once). */
function formatSpan(dimension: DimensionKey, x: number, y: number): string {
  const low = formatValue(dimension, Math.min(x, y));
  const high = formatValue(dimension, Math.max(x, y));
  if (low === high) return low;
  const unitOf = (s: string) => s.replace(/^[−\d.]+/, '');
  return unitOf(low) === unitOf(high) ? `${low.slice(0, low.length - unitOf(low).length)}–${high}` : `${low}–${high}`;
}

function sharedText(c: ExplainedContribution): string {
  const words = WORDING[c.dimension];
  const level = c.normalisedMean;
  const adjective = level === undefined ? undefined : level >= 0.75 ? words.high : level <= 0.25 ? words.low : undefined;
  return `both ${adjective ? `${adjective}, ` : ''}${formatSpan(c.dimension, c.a, c.b)}`;
}

function differenceText(c: ExplainedContribution): string {
  const words = WORDING[c.dimension];
  const size = Math.abs(c.normalisedDelta);
  const degree = size >= 0.5 ? 'far ' : size >= 0.2 ? '' : 'slightly ';
  const up = c.normalisedDelta > 0;
  const values = `(${formatValue(c.dimension, c.b)} vs ${formatValue(c.dimension, c.a)})`;
  if (words.more !== undefined && words.less !== undefined) return `B is ${degree}${up ? words.more : words.less} ${values}`;
  return `B has ${degree}${up ? 'more' : 'less'} ${words.noun ?? c.dimension} ${values}`;
}

/**
 * The two or three dimensions that make the pair (a = query side, b = the other) close or far, as words.
 * @param distance the pair's distance (0…1)
 */
export function explainPair(contributions: readonly ExplainedContribution[], distance: number): Explanation {
  const weighted = contributions.filter((c) => c.weight > 0);
  if (!(distance > 0) || weighted.length === 0) return { text: 'identical on every weighted dimension', reasons: [] };
  const order = (c: ExplainedContribution) => SPEC.get(c.dimension)!.order;
  const differences = weighted
    .filter((c) => Math.abs(c.normalisedDelta) >= SAME_DELTA)
    .sort((x, y) => y.contribution - x.contribution || order(x) - order(y));
  const shared = weighted
    .filter((c) => Math.abs(c.normalisedDelta) < SAME_DELTA)
    .sort((x, y) => y.weight - x.weight || Math.abs(x.normalisedDelta) - Math.abs(y.normalisedDelta) || order(x) - order(y));
  const pick: Reason[] = [];
  const take = (list: readonly ExplainedContribution[], n: number, kind: Reason['kind']) => {
    for (const c of list.slice(0, n)) {
      if (pick.length < MAX_REASONS) pick.push({ dimension: c.dimension, kind, text: kind === 'shared' ? sharedText(c) : differenceText(c) });
    }
  };
  if (distance <= CLOSE_DISTANCE) {
    take(shared, differences.length > 0 ? 2 : 3, 'shared');
    take(differences, MAX_REASONS, 'differs');
  } else {
    take(differences, shared.length > 0 ? 2 : 3, 'differs');
    take(shared, 1, 'shared');
    take(differences.slice(2), MAX_REASONS, 'differs');
  }
  return { text: pick.map((r) => r.text).join('; '), reasons: pick };
}
