import { PaginationError } from './errors.ts';

/** The largest page any list query returns (GraphQL `first`, repository `first`). */
export const MAX_PAGE_SIZE = 500;
/** Page size when none is given. */
export const DEFAULT_PAGE_SIZE = 100;

/**
 * Where a keyset page starts: strictly after the row with this id (and, for lists ordered by another
 * field, this value of that field). Stays fast on large libraries: an index seek, where an offset scans.
 */
export interface KeysetPosition {
  readonly id: number;
  /** The ordered field's value at that row (lists ordered by something other than the id). */
  readonly value?: string | number | null;
}

/** A keyset page request. */
export interface KeysetRequest {
  /** Rows to return, 0…MAX_PAGE_SIZE (default DEFAULT_PAGE_SIZE). */
  readonly first?: number | null;
  readonly after?: KeysetPosition | null;
}

/** One page: the rows, whether more follow, and the total (counted only when asked). */
export interface KeysetPage<T> {
  readonly nodes: readonly T[];
  readonly hasNextPage: boolean;
  readonly totalCount: () => Promise<number>;
}

/**
 * Checks a page request. Throws PaginationError with code `PAGE_SIZE_EXCEEDED` when `first` is above
 * MAX_PAGE_SIZE, and `INVALID_PAGINATION` for a negative or fractional `first` or a bad position.
 */
export function checkKeysetRequest(request: KeysetRequest = {}): { first: number; after: KeysetPosition | undefined } {
  const first = request.first ?? DEFAULT_PAGE_SIZE;
  if (typeof first !== 'number' || !Number.isInteger(first) || first < 0) {
    throw new PaginationError('INVALID_PAGINATION', `first: expected an integer 0…${MAX_PAGE_SIZE}, received ${String(first)}`, {
      field: ['first'],
    });
  }
  if (first > MAX_PAGE_SIZE) {
    throw new PaginationError('PAGE_SIZE_EXCEEDED', `first: at most ${MAX_PAGE_SIZE} rows per page, received ${first}`, {
      field: ['first'],
    });
  }
  const after = request.after ?? undefined;
  if (after !== undefined && (typeof after !== 'object' || !Number.isSafeInteger(after.id))) {
    throw new PaginationError('INVALID_PAGINATION', `after: expected a position with an integer id, received ${JSON.stringify(after)}`, {
      field: ['after'],
    });
  }
  return { first, after };
}
