import { DIMENSIONS, type DimensionKey, isDimensionKey } from '../fingerprint/dimensions.ts';
import { InvalidRangeError, UnknownDimensionError } from './errors.ts';

/** Bounds on one dimension, in its physical unit (GraphQL `FloatRange`). Null or absent bounds are ignored. */
export interface FloatRange {
  readonly gte?: number | null;
  readonly lte?: number | null;
  readonly gt?: number | null;
  readonly lt?: number | null;
}

/** Ranges keyed by camelCase dimension name, combined with AND (GraphQL `FingerprintWhere`). */
export type DimensionRanges = Readonly<Record<string, FloatRange | null | undefined>>;

/** A checked range on one catalogue dimension. */
export interface DimensionRange {
  readonly key: DimensionKey;
  readonly column: string;
  readonly gte?: number;
  readonly lte?: number;
  readonly gt?: number;
  readonly lt?: number;
}

const BOUNDS = ['gte', 'lte', 'gt', 'lt'] as const;
const COLUMN = new Map<string, string>(DIMENSIONS.map((d) => [d.key, d.column]));

/**
 * Checks one range. Throws UnknownDimensionError (`UNKNOWN_DIMENSION`) for a name outside the
 * catalogue and InvalidRangeError (`INVALID_RANGE`) for an unknown bound name, a bound that is not a
 * finite number, or bounds that exclude every value, e.g. "`lufs`: range gte -10 > lte -14".
 */
export function checkDimensionRange(name: string, range: FloatRange): DimensionRange {
  if (!isDimensionKey(name)) throw new UnknownDimensionError(name);
  if (range === null || typeof range !== 'object') {
    throw new InvalidRangeError(`\`${name}\`: expected an object with gte, lte, gt or lt, received ${String(range)}`, {
      field: [name],
    });
  }
  const checked: { -readonly [K in keyof DimensionRange]: DimensionRange[K] } = { key: name, column: COLUMN.get(name)! };
  for (const [bound, value] of Object.entries(range)) {
    if (!(BOUNDS as readonly string[]).includes(bound)) {
      throw new InvalidRangeError(`\`${name}\`: unknown bound \`${bound}\`; expected gte, lte, gt or lt`, {
        field: [name, bound],
      });
    }
    if (value === null || value === undefined) continue;
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      throw new InvalidRangeError(`\`${name}\`: bound ${bound} must be a finite number, received ${String(value)}`, {
        field: [name, bound],
      });
    }
    checked[bound as (typeof BOUNDS)[number]] = value;
  }
  const { gte, lte, gt, lt } = checked;
  const empty = (lowName: string, low: number | undefined, highName: string, high: number | undefined, strict: boolean) => {
    if (low === undefined || high === undefined) return;
    if (strict ? low >= high : low > high) {
      throw new InvalidRangeError(
        `\`${name}\`: range ${lowName} ${low} ${strict ? '>=' : '>'} ${highName} ${high}; no value can match`,
        { field: [name] },
      );
    }
  };
  empty('gte', gte, 'lte', lte, false);
  empty('gt', gt, 'lt', lt, true);
  empty('gte', gte, 'lt', lt, true);
  empty('gt', gt, 'lte', lte, true);
  return checked;
}

/** Checks every range of a `where` object (see checkDimensionRange); null / absent entries are skipped. */
export function checkDimensionRanges(where: DimensionRanges): DimensionRange[] {
  if (where === null || typeof where !== 'object') {
    throw new InvalidRangeError(`where: expected an object of dimension ranges, received ${String(where)}`);
  }
  const ranges: DimensionRange[] = [];
  for (const [name, range] of Object.entries(where)) {
    if (range === null || range === undefined) {
      if (!isDimensionKey(name)) throw new UnknownDimensionError(name);
      continue;
    }
    ranges.push(checkDimensionRange(name, range));
  }
  return ranges;
}
