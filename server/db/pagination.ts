import { PaginationError } from './errors.ts';

/** The largest page any list query returns (GraphQL `first`, repository `limit`). */
export const MAX_PAGE_SIZE = 500;
/** Page size when none is given. */
export const DEFAULT_PAGE_SIZE = 100;

/**
 * A page request. `after` is a keyset cursor: only rows whose track id is greater are returned, which
 * stays fast on large libraries (an index seek, where `offset` scans and skips). Use one or the other.
 */
export interface PageOptions {
  /** Rows to return, 0…MAX_PAGE_SIZE (default DEFAULT_PAGE_SIZE). */
  readonly limit?: number | null;
  /** Rows to skip (default 0). */
  readonly offset?: number | null;
  /** Keyset cursor: return rows whose track id is greater than this. */
  readonly after?: number | null;
}

export interface Page {
  readonly limit: number;
  readonly offset: number;
  readonly after: number | undefined;
}

/**
 * Checks a page request. Throws PaginationError with code `PAGE_SIZE_EXCEEDED` when `limit` is above
 * MAX_PAGE_SIZE, and `INVALID_PAGINATION` for a negative / fractional limit or offset or a bad cursor.
 */
export function checkPage(options: PageOptions = {}): Page {
  const limit = options.limit ?? DEFAULT_PAGE_SIZE;
  if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 0) {
    throw new PaginationError('INVALID_PAGINATION', `limit: expected an integer 0…${MAX_PAGE_SIZE}, received ${String(limit)}`, {
      field: ['limit'],
    });
  }
  if (limit > MAX_PAGE_SIZE) {
    throw new PaginationError('PAGE_SIZE_EXCEEDED', `limit: at most ${MAX_PAGE_SIZE} rows per page, received ${limit}`, {
      field: ['limit'],
    });
  }
  const offset = options.offset ?? 0;
  if (typeof offset !== 'number' || !Number.isInteger(offset) || offset < 0) {
    throw new PaginationError('INVALID_PAGINATION', `offset: expected a non-negative integer, received ${String(offset)}`, {
      field: ['offset'],
    });
  }
  const after = options.after ?? undefined;
  if (after !== undefined && (typeof after !== 'number' || !Number.isInteger(after))) {
    throw new PaginationError('INVALID_PAGINATION', `after: expected an integer track id, received ${String(after)}`, {
      field: ['after'],
    });
  }
  return { limit, offset, after };
}
