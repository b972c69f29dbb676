import { PaginationError } from '../db/errors.ts';
import { type KeysetPage, type KeysetRequest, MAX_PAGE_SIZE } from '../db/pagination.ts';
import { AuralisError } from '../errors.ts';

export { MAX_PAGE_SIZE };
/** `first` when the client gives none. */
export const DEFAULT_PAGE_SIZE = 50;

/** Forward pagination arguments after validation. */
export interface PageRequest {
  readonly first: number;
  /** Decoded `after` cursor (the sort key values, last one the track id), or undefined for the first page. */
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

/**
 * The repositories' keyset request of a page request: the position after the cursor's row (its id, and the
 * ordered field's value when the cursor holds two values).
 */
export function keysetOf(request: PageRequest): KeysetRequest {
  if (request.after === undefined) return { first: request.first };
  const id = request.after[request.after.length - 1] as number;
  if (request.after.length === 1) return { first: request.first, after: { id } };
  if (request.after.length !== 2) throw invalidCursor();
  return { first: request.first, after: { id, value: request.after[0] as string | number | null } };
}

function invalidCursor(): AuralisError {
  return new AuralisError('INVALID_CURSOR', '`after`: expected a cursor issued for the same `orderBy`', { field: ['after'] });
}

/**
 * Turns a repository page into the Relay connection shape Pothos expects (with the lazy `totalCount`).
 * `cursorOf` gives a node's sort key values (last one the id); they are encoded only when selected.
 */
export function toConnection<T>(page: KeysetPage<T>, request: PageRequest, cursorOf: (node: T) => readonly unknown[]) {
  const cursor = (node: T) => encodeCursor(cursorOf(node));
  const edges = page.nodes.map((node) => ({
    node,
    get cursor() {
      return cursor(node);
    },
  }));
  const first = page.nodes[0];
  const last = page.nodes[page.nodes.length - 1];
  return {
    edges,
    pageInfo: {
      hasNextPage: page.hasNextPage,
      hasPreviousPage: request.after !== undefined,
      startCursor: first === undefined ? null : cursor(first),
      endCursor: last === undefined ? null : cursor(last),
    },
    totalCount: page.totalCount,
  };
}
