/**
 * `FingerprintWhere`: a boolean tree of per-dimension ranges, validated with checkDimensionRange and compiled
 * to a Kysely condition over `track_fingerprints` (values bound, columns from the catalogue only).
 *
 * Semantics: the ranges given at one level are combined with AND, as are the members of `and`; `or` matches
 * when any member matches (an empty `or` matches nothing); `not` matches when none of its members match.
 * Bounds are in the dimension's physical unit (the catalogue's `unit`).
 */
import type { Expression, ExpressionBuilder, SqlBool } from 'kysely';
import { AuralisError, isAuralisError } from '../errors.ts';
import { DIMENSIONS, type DimensionColumn, type DimensionKey } from '../fingerprint/dimensions.ts';
import type { Database } from './database.ts';
import { type DimensionRange, type FloatRange, checkDimensionRange } from './dimensionRanges.ts';
import { UnknownDimensionError } from './errors.ts';

export type FingerprintWhere = { readonly [K in DimensionKey]?: FloatRange | null } & {
  readonly and?: readonly FingerprintWhere[] | null;
  readonly or?: readonly FingerprintWhere[] | null;
  readonly not?: readonly FingerprintWhere[] | null;
};

/** Nesting deeper than this is refused (the token limit bounds it too; this keeps the SQL small). */
export const MAX_WHERE_DEPTH = 6;

/** A checked `where` tree: ranges ANDed, then and / or / not members. */
export interface CheckedWhere {
  readonly ranges: readonly DimensionRange[];
  readonly and: readonly CheckedWhere[];
  readonly or: readonly CheckedWhere[] | undefined;
  readonly not: readonly CheckedWhere[];
}

/**
 * Validates `where`. Throws INVALID_RANGE ("`lufs`: range gte -10 > lte -14"), UNKNOWN_DIMENSION or
 * INVALID_FILTER (nesting deeper than MAX_WHERE_DEPTH), with `field` the path of the offending input, e.g.
 * `["where", "or", "1", "crestDb"]`.
 */
export function checkFingerprintWhere(
  where: FingerprintWhere | null | undefined,
  field: readonly string[] = ['where'],
  depth = 0,
): CheckedWhere {
  if (where === null || where === undefined) return { ranges: [], and: [], or: undefined, not: [] };
  if (depth > MAX_WHERE_DEPTH) {
    throw new AuralisError('INVALID_FILTER', `\`${field.join('.')}\`: expected at most ${MAX_WHERE_DEPTH} nested and/or/not levels`, {
      field,
    });
  }
  for (const name of Object.keys(where)) {
    if (name !== 'and' && name !== 'or' && name !== 'not' && !DIMENSIONS.some((d) => d.key === name)) {
      throw prefixField(new UnknownDimensionError(name), field);
    }
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
  const members = (name: 'and' | 'or' | 'not') =>
    (where[name] ?? []).map((member, index) => checkFingerprintWhere(member, [...field, name, String(index)], depth + 1));
  return { ranges, and: members('and'), or: where.or ? members('or') : undefined, not: members('not') };
}

type FingerprintsEb = ExpressionBuilder<Database, 'track_fingerprints'>;

const OPERATORS = [
  ['gte', '>='],
  ['lte', '<='],
  ['gt', '>'],
  ['lt', '<'],
] as const;

/** The condition of a checked `where` (true when it is empty). */
export function whereCondition(eb: FingerprintsEb, where: CheckedWhere): Expression<SqlBool> {
  const parts: Expression<SqlBool>[] = [];
  for (const range of where.ranges) {
    for (const [bound, operator] of OPERATORS) {
      const value = range[bound];
      if (value !== undefined) parts.push(eb(`track_fingerprints.${range.column as DimensionColumn}`, operator, value));
    }
  }
  for (const member of where.and) parts.push(whereCondition(eb, member));
  if (where.or) parts.push(eb.or(where.or.map((member) => whereCondition(eb, member))));
  for (const member of where.not) parts.push(eb.not(whereCondition(eb, member)));
  return eb.and(parts);
}

function prefixField(error: unknown, prefix: readonly string[]): unknown {
  if (isAuralisError(error)) {
    (error as { field: readonly string[] | undefined }).field = [...prefix, ...(error.field ?? [])];
  }
  return error;
}
