/**
 * The 25 dimensions as the views need them: the catalogue (`fingerprintDimensions`: name, category, unit,
 * valid range, default weight) joined with the library's distribution (`similarityNormalisers`: the stored
 * percentiles, absent while the library has fewer than 10 fingerprints). One query, cached by graphcache.
 */
import type { CombinedError } from '@urql/core';
import { useQuery } from '@urql/preact';
import { percentileOf } from './distribution.ts';
import { graphql } from './gql/index.ts';
import type { Dimension, DimensionGroup } from './gql/graphql.ts';

const DimensionCatalogue = graphql(`
  query DimensionCatalogue {
    fingerprintDimensions {
      name
      dimension
      group
      unit
      description
      weight
      range {
        min
        max
      }
    }
    similarityNormalisers {
      source
      dimensions {
        dimension
        lo
        hi
        quantiles
      }
    }
  }
`);

export interface DimensionInfo {
  /** camelCase field name (`lufs`), the key of FingerprintWhere and TrackFingerprint. */
  readonly name: string;
  /** The enum value (`LUFS`) of weights and contributions. */
  readonly dimension: Dimension;
  readonly group: DimensionGroup;
  readonly unit: string;
  readonly description: string;
  /** Weight in the default distance (all sum to 1). */
  readonly weight: number;
  /** Valid values, in the unit. */
  readonly range: { readonly min: number; readonly max: number };
  /** The library's percentiles 0…100 (101 values), or null while it is too small. */
  readonly quantiles: readonly number[] | null;
  /** p5 and p95 of the library (or the fallback bounds). */
  readonly lo: number;
  readonly hi: number;
}

/** The catalogue in spec (vector) order; `dimensions` is undefined while loading. */
export function useDimensionCatalogue(): { dimensions?: readonly DimensionInfo[]; error?: CombinedError } {
  const [{ data, error }] = useQuery({ query: DimensionCatalogue });
  if (!data) return { error };
  const byEnum = new Map(data.similarityNormalisers.dimensions.map((n) => [n.dimension, n]));
  const dimensions = data.fingerprintDimensions.map((d): DimensionInfo => {
    const normaliser = byEnum.get(d.dimension);
    return {
      name: d.name,
      dimension: d.dimension,
      group: d.group,
      unit: d.unit,
      description: d.description,
      weight: d.weight,
      range: d.range,
      quantiles: normaliser?.quantiles ?? null,
      lo: normaliser?.lo ?? d.range.min,
      hi: normaliser?.hi ?? d.range.max,
    };
  });
  return { dimensions };
}

/** Position 0…100 of `value` in the library (its percentile), or in [lo, hi] while there are no percentiles. */
export function libraryPosition(info: DimensionInfo, value: number): number {
  if (info.quantiles) return percentileOf(value, info.quantiles);
  if (!(info.hi > info.lo)) return 50;
  return Math.min(100, Math.max(0, ((value - info.lo) / (info.hi - info.lo)) * 100));
}
