/**
 * `FingerprintWhere`: a boolean tree of per-dimension ranges, validated (with the repository's
 * checkDimensionRange) and turned into a MikroORM filter for FingerprintRepository queries.
 *
 * Semantics: the ranges given at one level are combined with AND, as are the members of `and`; `or` matches
 * when any member matches (an empty `or` matches nothing); `not` matches when none of its members match.
 * Bounds are in the dimension's physical unit (the catalogue's `unit`).
 */
import { checkDimensionRange, type FloatRange, rangesToFilter, type DimensionRange } from '../db/dimensionRanges.ts';
import { AuralisError, isAuralisError } from '../errors.ts';
import { DIMENSIONS, type DimensionKey } from '../fingerprint/dimensions.ts';

export type FloatRangeInput = FloatRange;

export type FingerprintWhereInput = { readonly [K in DimensionKey]?: FloatRangeInput | null } & {
  readonly and?: readonly FingerprintWhereInput[] | null;
  readonly or?: readonly FingerprintWhereInput[] | null;
  readonly not?: readonly FingerprintWhereInput[] | null;
};

/** Nesting deeper than this is refused (the token limit bounds it too; this keeps the SQL small). */
export const MAX_WHERE_DEPTH = 6;

/** A MikroORM `FilterQuery` over TrackFingerprint properties (the catalogue keys). */
export type FingerprintFilter = Record<string, unknown>;

/**
 * Validates `where` and returns the equivalent filter. Throws INVALID_RANGE ("`lufs`: range gte -10 > lte -14")
 * or INVALID_FILTER (nesting deeper than MAX_WHERE_DEPTH), with `field` the path of the offending input.
 */
export function compileFingerprintWhere(
  where: FingerprintWhereInput | null | undefined,
  field: readonly string[] = ['where'],
  depth = 0,
): FingerprintFilter {
  if (where === null || where === undefined) return {};
  if (depth > MAX_WHERE_DEPTH) {
    throw new AuralisError(
      'INVALID_FILTER',
      `\`${field.join('.')}\`: expected at most ${MAX_WHERE_DEPTH} nested and/or/not levels`,
      { field },
    );
  }
  const ranges: DimensionRange[] = [];
  for (const spec of DIMENSIONS) {
    const range = where[spec.key];
    if (range === null || range === undefined) continue;
    try {
      ranges.push(checkDimensionRange(spec.key, range));
    } catch (error) {
      throw prefixField(error, field);
    }
  }
  const clauses: FingerprintFilter[] = [];
  if (ranges.length > 0) clauses.push(rangesToFilter(ranges) as FingerprintFilter);
  const members = (name: 'and' | 'or' | 'not') =>
    (where[name] ?? []).map((member, index) => compileFingerprintWhere(member, [...field, name, String(index)], depth + 1));
  if (where.and) clauses.push(...members('and'));
  if (where.or) clauses.push(where.or.length === 0 ? { id: { $in: [] } } : { $or: members('or') });
  if (where.not) for (const member of members('not')) if (!isEmpty(member)) clauses.push({ $not: member });
  const nonEmpty = clauses.filter((clause) => !isEmpty(clause));
  if (nonEmpty.length === 0) return {};
  return nonEmpty.length === 1 ? nonEmpty[0] : { $and: nonEmpty };
}

function isEmpty(filter: FingerprintFilter): boolean {
  return Object.keys(filter).length === 0;
}

function prefixField(error: unknown, prefix: readonly string[]): unknown {
  if (isAuralisError(error)) {
    (error as { field: readonly string[] | undefined }).field = [...prefix, ...(error.field ?? [])];
  }
  return error;
}
