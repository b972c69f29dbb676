/**
 * SQLite only: prepared statements reused by SQL text. Kysely's SQLite driver calls `database.prepare(sql)` for
 * every query; better-sqlite3 then parses and plans the statement again each time. For the bulk upsert (1 103-row
 * statements) that cost about 18 ms a chunk, and for a `tracks(first: 50)` request a few prepares per request
 * (bench/results/db.json and api.json). The repositories build their SQL from fixed fragments and bind every value,
 * so the number of distinct texts is small; an LRU of MAX_CACHED_STATEMENTS bounds it anyway.
 *
 * A statement that is still iterating (Kysely's `streamQuery`) is `busy`; a second use of the same text then gets
 * a fresh statement instead of the cached one. Statements are re-prepared by SQLite itself after a schema change.
 */

/** The part of a better-sqlite3 Statement this cache looks at. */
interface CachedStatement {
  readonly busy: boolean;
}

/** The part of a better-sqlite3 Database this cache wraps. */
interface PreparingDatabase {
  prepare(sql: string): CachedStatement;
}

/** Distinct SQL texts kept prepared per connection. */
export const MAX_CACHED_STATEMENTS = 256;

/**
 * The same database, whose `prepare` returns the statement prepared before for the same SQL text. Every other
 * property and method is the database's own (bound to it, as better-sqlite3's native methods require).
 */
export function withStatementCache<T extends object>(database: T & PreparingDatabase): T {
  const cache = new Map<string, CachedStatement>();
  const prepare = (sql: string): CachedStatement => {
    const cached = cache.get(sql);
    if (cached !== undefined && !cached.busy) {
      // Most recently used last: Map keeps insertion order.
      cache.delete(sql);
      cache.set(sql, cached);
      return cached;
    }
    const statement = database.prepare(sql);
    if (cached === undefined) {
      cache.set(sql, statement);
      if (cache.size > MAX_CACHED_STATEMENTS) cache.delete(cache.keys().next().value!);
    }
    return statement;
  };
  return new Proxy(database, {
    get(target, property) {
      if (property === 'prepare') return prepare;
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
