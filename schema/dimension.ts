/**
 * The dimension catalogue as GraphQL: `FingerprintDimension`, the `Dimension` and `DimensionGroup` enums and
 * the `fingerprintDimensions` query. Everything is generated from server/fingerprint/dimensions.ts.
 */
import {
  DEFAULT_WEIGHTS,
  DIMENSION_GROUPS,
  DIMENSIONS,
  type DimensionGroup,
  type DimensionKey,
  type DimensionSpec,
} from '../server/fingerprint/dimensions.ts';
import { builder } from '../server/graphql/builder.ts';

/** GraphQL enum value of a dimension key: `tempoBpm` → `TEMPO_BPM` (the snake_case column, upper-cased). */
export function dimensionEnumName(spec: DimensionSpec): string {
  return spec.column.toUpperCase();
}

export const DimensionEnum = builder.enumType('Dimension', {
  description: 'One of the 25 fingerprint dimensions (SPEC-fingerprint.md, version 1).',
  values: Object.fromEntries(
    DIMENSIONS.map((d) => [dimensionEnumName(d), { value: d.key as DimensionKey, description: `${d.key} (${d.unit})` }]),
  ) as Record<string, { value: DimensionKey; description: string }>,
});

export const DimensionGroupEnum = builder.enumType('DimensionGroup', {
  description: 'The seven categories the 25 dimensions fall into.',
  values: Object.fromEntries(DIMENSION_GROUPS.map((g) => [g.toUpperCase(), { value: g }])) as Record<
    string,
    { value: DimensionGroup }
  >,
});

export const ValueRange = builder.objectRef<{ readonly min: number; readonly max: number }>('ValueRange').implement({
  description: 'A closed interval of values, in the dimension’s unit.',
  fields: (t) => ({
    min: t.exposeFloat('min'),
    max: t.exposeFloat('max'),
  }),
});

export const FingerprintDimension = builder.objectRef<DimensionSpec>('FingerprintDimension').implement({
  description: 'The definition of one dimension: name, unit, meaning, default weight and possible range.',
  fields: (t) => ({
    name: t.string({ description: 'camelCase field name, as on `TrackFingerprint`.', resolve: (d) => d.key }),
    dimension: t.field({ type: DimensionEnum, resolve: (d) => d.key as DimensionKey }),
    column: t.exposeString('column', { description: 'snake_case SQLite column.' }),
    group: t.field({ type: DimensionGroupEnum, resolve: (d) => d.group }),
    unit: t.exposeString('unit', { description: 'Physical unit of the stored value.' }),
    description: t.exposeString('description'),
    weight: t.float({
      description: 'Weight in the default distance (the spec table scaled to sum to 1).',
      resolve: (d) => DEFAULT_WEIGHTS[d.key as DimensionKey],
    }),
    range: t.field({
      type: ValueRange,
      description:
        'Valid values: everything the analyser can produce lies in this interval or equals `silenceValue`; ' +
        '`upsertFingerprint` refuses anything else with INVALID_FINGERPRINT (e.g. tempoBpm: 0 or 30…300).',
      resolve: (d) => d.range,
    }),
    silenceValue: t.exposeFloat('silenceValue', {
      description: 'The value digital silence gives (always valid, even outside `range`: tempoBpm 0 = no pulse).',
    }),
  }),
});

builder.queryField('fingerprintDimensions', (t) =>
  t.field({
    type: [FingerprintDimension],
    description: 'The catalogue of the 25 dimensions, in spec (vector) order.',
    resolve: () => DIMENSIONS,
  }),
);
