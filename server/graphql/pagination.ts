import { PaginationError } from '../db/errors.ts';
import { MAX_PAGE_SIZE } from '../db/pagination.ts';
import { AuralisError } from '../errors.ts';

export { MAX_PAGE_SIZE };
/** `first` when the client gives none. */
export const DEFAULT_PAGE_SIZE = 50;

/** Forward pagination arguments after validation. */
export interface PageRequest {
  readonly first: number;
  /** Decoded `after` cursor, or undefined for the first page. */
  readonly after: readonly unknown[] | undefined;
}

/** The arguments Pothos' `t.connection` passes to a resolver. */
export interface ConnectionArgs {
  readonly first?: number | null;
  readonly after?: string | null;
  readonly last?: number | null;
  readonly before?: string | null;
}

/**
 * Validates Relay arguments: `first` in 0…MAX_PAGE_SIZE (PAGE_SIZE_EXCEEDED above, INVALID_PAGINATION below),
 * `after` a cursor this server issued, no backward pagination (INVALID_PAGINATION).
 */
export function parsePageArgs(args: ConnectionArgs): PageRequest {
  if (args.last != null || args.before != null) {
    throw new PaginationError('INVALID_PAGINATION', 'expected forward pagination (`first`, `after`); `last` and `before` are not supported', {
      field: [args.last != null ? 'last' : 'before'],
    });
  }
  const first = args.first ?? DEFAULT_PAGE_SIZE;
  if (first > MAX_PAGE_SIZE) {
    throw new PaginationError('PAGE_SIZE_EXCEEDED', `\`first\`: expected at most ${MAX_PAGE_SIZE}, received ${first}`, {
      field: ['first'],
    });
  }
  if (first < 0) {
    throw new PaginationError('INVALID_PAGINATION', `\`first\`: expected 0…${MAX_PAGE_SIZE}, received ${first}`, {
      field: ['first'],
    });
  }
  return { first, after: args.after == null ? undefined : decodeCursor(args.after) };
}

/** An opaque cursor: base64url of the JSON array of the sort key values (last one the track id). */
export function encodeCursor(values: readonly unknown[]): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

export function decodeCursor(cursor: string): readonly unknown[] {
  try {
    const values = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(values) && values.length > 0 && Number.isInteger(values[values.length - 1])) return values;
  } catch {
    // fall through to the named error
  }
  throw new AuralisError('INVALID_CURSOR', `\`after\`: expected a cursor returned by this server, received ${JSON.stringify(cursor)}`, {
    field: ['after'],
  });
}

/** One page of a connection: the nodes, whether more follow, and a lazy total. */
export interface Page<T> {
  readonly nodes: readonly T[];
  readonly hasNextPage: boolean;
  readonly hasPreviousPage: boolean;
  readonly cursorOf: (node: T) => string;
  /** Counted only when the client asks for `totalCount`. */
  readonly totalCount: () => Promise<number>;
}

/** The track id a cursor ends with (every order breaks ties by id), or undefined for the first page. */
export function afterTrackId(request: PageRequest): number | undefined {
  return request.after === undefined ? undefined : (request.after[request.after.length - 1] as number);
}

/**
 * The page of a request from the rows fetched with `limit first + 1`: the extra row is not returned, it only
 * says that more follow.
 */
export function pageOf<T>(
  rows: readonly T[],
  request: PageRequest,
  cursorOf: (node: T) => string,
  totalCount: () => Promise<number>,
): Page<T> {
  return {
    nodes: rows.slice(0, request.first),
    hasNextPage: rows.length > request.first,
    hasPreviousPage: request.after !== undefined,
    cursorOf,
    totalCount,
  };
}

/** Turns a page into the Relay connection shape Pothos expects (with the lazy `totalCount`). */
export function toConnection<T>(page: Page<T>) {
  // Cursors are encoded only when a client selects them.
  const edges = page.nodes.map((node) => ({
    node,
    get cursor() {
      return page.cursorOf(node);
    },
  }));
  const first = page.nodes[0];
  const last = page.nodes[page.nodes.length - 1];
  return {
    edges,
    pageInfo: {
      hasNextPage: page.hasNextPage,
      hasPreviousPage: page.hasPreviousPage,
      startCursor: first === undefined ? null : page.cursorOf(first),
      endCursor: last === undefined ? null : page.cursorOf(last),
    },
    totalCount: page.totalCount,
  };
}
