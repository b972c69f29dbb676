/**
 * `FingerprintWhere`: a boolean tree of per-dimension ranges, validated with the repository's
 * checkDimensionRange and compiled to a parameterised SQL condition over `track_fingerprints`.
 *
 * Semantics: the ranges given at one level are combined with AND, as are the members of `and`; `or` matches
 * when any member matches (an empty `or` matches nothing); `not` matches when none of its members match.
 * Bounds are in the dimension's physical unit (the catalogue's `unit`). Column names come from the catalogue
 * only; values are always bound parameters.
 */
import { checkDimensionRange, type DimensionRange, type FloatRange, rangeComparisons } from '../db/dimensionRanges.ts';
import { AuralisError, isAuralisError } from '../errors.ts';
import { DIMENSIONS, type DimensionKey } from '../fingerprint/dimensions.ts';
import { joinSql, type SqlFragment } from './libraryReads.ts';

export type FloatRangeInput = FloatRange;

export type FingerprintWhereInput = { readonly [K in DimensionKey]?: FloatRangeInput | null } & {
  readonly and?: readonly FingerprintWhereInput[] | null;
  readonly or?: readonly FingerprintWhereInput[] | null;
  readonly not?: readonly FingerprintWhereInput[] | null;
};

/** Nesting deeper than this is refused (the token limit bounds it too; this keeps the SQL small). */
export const MAX_WHERE_DEPTH = 6;

const TRUE: SqlFragment = { sql: '1', params: [] };

/**
 * Validates `where` and returns the equivalent SQL condition. Throws INVALID_RANGE ("`lufs`: range gte -10 >
 * lte -14"), UNKNOWN_DIMENSION or INVALID_FILTER (nesting deeper than MAX_WHERE_DEPTH), with `field` the path
 * of the offending input, e.g. `["where", "or", "1", "crestDb"]`.
 */
export function compileFingerprintWhere(
  where: FingerprintWhereInput | null | undefined,
  field: readonly string[] = ['where'],
  depth = 0,
): SqlFragment {
  if (where === null || where === undefined) return TRUE;
  if (depth > MAX_WHERE_DEPTH) {
    throw new AuralisError('INVALID_FILTER', `\`${field.join('.')}\`: expected at most ${MAX_WHERE_DEPTH} nested and/or/not levels`, {
      field,
    });
  }
  const parts: SqlFragment[] = [];
  for (const spec of DIMENSIONS) {
    const range = where[spec.key];
    if (range === null || range === undefined) continue;
    let checked: DimensionRange;
    try {
      checked = checkDimensionRange(spec.key, range);
    } catch (error) {
      throw prefixField(error, field);
    }
    parts.push(...rangeComparisons(checked));
  }
  const members = (name: 'and' | 'or' | 'not') =>
    (where[name] ?? []).map((member, index) => compileFingerprintWhere(member, [...field, name, String(index)], depth + 1));
  if (where.and) parts.push(...members('and'));
  if (where.or) parts.push(joinSql(members('or'), 'or'));
  if (where.not) for (const member of members('not')) parts.push({ sql: `not (${member.sql})`, params: member.params });
  return joinSql(parts, 'and');
}

function prefixField(error: unknown, prefix: readonly string[]): unknown {
  if (isAuralisError(error)) {
    (error as { field: readonly string[] | undefined }).field = [...prefix, ...(error.field ?? [])];
  }
  return error;
}
