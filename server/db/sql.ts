/**
 * How repositories reach the database: Kysely (`em.getKysely()`, inside the EntityManager's transaction when
 * one is open), never `em.execute` and never entity flushes for values a user or a file supplies.
 *
 * Why: MikroORM 7's `em.execute(sql, params)` and its QueryBuilder/flush path format the parameters INTO the
 * SQL text (`platform.formatQuery` → `CompiledQuery.raw`), so a NUL byte in a tag ends the statement early
 * (`unrecognized token`) and `1e200` became the identifier `Infinity`. Kysely compiles to placeholders and
 * hands the values to the driver (better-sqlite3 `stmt.all(params)`, pg parameters): values are bound.
 *
 * Every statement goes through `runQuery`, which reports it to MikroORM's query logger (SQL text with
 * placeholders, the parameters separately), so statement counts (the DataLoader test) and the
 * "no value in SQL text" proof (test/db/boundParameters.test.ts) see what the server runs.
 */
import type { EntityManager } from '@mikro-orm/sql';
import type { Compilable, CompiledQuery, Kysely } from 'kysely';
import type { Database } from './database.ts';
import { platformEngine } from './databaseEngine.ts';

export type Db = Kysely<Database>;

/** The Kysely instance of this EntityManager (its transaction when one is open). */
export function dbOf(em: EntityManager): Db {
  return em.getKysely<Database>();
}

/**
 * Whether this EntityManager talks to SQLite (the one place engine-specific SQL may branch on). The engine
 * has one definition, `platformEngine` (databaseEngine.ts), which `isPostgres(orm)` in createOrm.ts uses too.
 */
export function isSqlite(em: EntityManager): boolean {
  return platformEngine(em.getPlatform()) === 'sqlite';
}

/** Rows of a query, or for writes the number of rows affected. */
export interface RunResult<R> {
  readonly rows: R[];
  readonly affected: number;
}

/**
 * What PostgreSQL stores for a NUL character: U+FFFD (its `text` cannot hold U+0000, and pg refuses the whole
 * statement). SQLite stores NUL as is.
 */
export const POSTGRES_NUL_REPLACEMENT = '\uFFFD';

/**
 * ENGINE-SPECIFIC (PostgreSQL): string parameters with U+0000 carry U+FFFD instead, for writes and for
 * filters alike, so a tag read with a NUL is stored and found again by the same value.
 */
function portableParameters(em: EntityManager, parameters: readonly unknown[]): readonly unknown[] {
  if (isSqlite(em) || !parameters.some((p) => typeof p === 'string' && p.includes('\u0000'))) return parameters;
  return parameters.map((p) => (typeof p === 'string' ? p.replaceAll('\u0000', POSTGRES_NUL_REPLACEMENT) : p));
}

/** Runs a Kysely query with bound parameters and reports it to MikroORM's query logger. */
export async function runQuery<R>(em: EntityManager, query: Compilable<R>): Promise<RunResult<R>> {
  const original = query.compile();
  const compiled: CompiledQuery<R> = { ...original, parameters: portableParameters(em, original.parameters) };
  const started = performance.now();
  const result = await dbOf(em).executeQuery(compiled);
  const affected = Number(result.numAffectedRows ?? 0n);
  em.config.getLogger().logQuery({
    query: compiled.sql,
    params: [...compiled.parameters],
    took: Math.round(performance.now() - started),
    results: result.rows.length,
    affected,
    level: 'info',
  });
  return { rows: result.rows, affected };
}

/** What runQuery's SQLite path needs of better-sqlite3 (the ORM's native client). */
interface NativeSqlite {
  prepare(sql: string): RawStatement;
}

interface RawStatement {
  raw(toggle: boolean): RawStatement;
  iterate(...parameters: readonly unknown[]): IterableIterator<unknown[]>;
}

/** eachRowArray's prepared statements per connection and SQL text (a paged read runs one statement per page). */
const rawStatements = new WeakMap<NativeSqlite, Map<string, RawStatement>>();

function rawStatement(native: NativeSqlite, sql: string): RawStatement {
  let statements = rawStatements.get(native);
  if (statements === undefined) rawStatements.set(native, (statements = new Map()));
  let statement = statements.get(sql);
  if (statement === undefined) statements.set(sql, (statement = native.prepare(sql).raw(true)));
  return statement;
}

/**
 * Calls `each` with every row of a SELECT as an array of column values, in the order the query selects them, and
 * returns the row count: for bulk reads (every fingerprint), where rows kept as objects are most of the cost and
 * most of the garbage. ENGINE-SPECIFIC (SQLite): the statement Kysely compiled runs on better-sqlite3 in raw mode
 * (the same connection, parameters bound), one row at a time, so no row outlives its call (a page of rows alive at
 * once made V8 grow its young generation for good); on PostgreSQL the rows are read as objects. Reported to the
 * query logger as runQuery does. `each` must not use the database (the statement is open while it runs).
 */
export async function eachRowArray(em: EntityManager, query: Compilable<unknown>, each: (row: readonly unknown[]) => void): Promise<number> {
  if (!isSqlite(em)) {
    const { rows } = await runQuery(em, query);
    for (const row of rows) each(Object.values(row as object));
    return rows.length;
  }
  const compiled = query.compile();
  const started = performance.now();
  const native = (await em.getConnection().getNativeClient()) as NativeSqlite;
  let count = 0;
  for (const row of rawStatement(native, compiled.sql).iterate(...compiled.parameters)) {
    each(row);
    count++;
  }
  em.config.getLogger().logQuery({
    query: compiled.sql,
    params: [...compiled.parameters],
    took: Math.round(performance.now() - started),
    results: count,
    affected: 0,
    level: 'info',
  });
  return count;
}

/** The rows of a SELECT (see runQuery). */
export async function selectRows<R>(em: EntityManager, query: Compilable<R>): Promise<R[]> {
  return (await runQuery(em, query)).rows;
}

/** A Date as the engine stores a `datetime` column (ms since the epoch on SQLite, a Date on PostgreSQL). */
export function timestampValue(em: EntityManager, date: Date): number | Date {
  return em.getPlatform().processDateProperty(date) as number | Date;
}

/**
 * A stored `datetime` value as a Date: ms since the epoch (a number or numeric string, SQLite), a Date, or
 * PostgreSQL's timestamptz text (`2026-12-06 10:21:33.123+00`: MikroORM's pg driver leaves timestamps
 * unparsed). Anything else is an error, never an Invalid Date.
 */
export function dateOf(value: number | string | Date): Date {
  if (value instanceof Date) return value;
  const date = typeof value === 'number' || /^-?\d+(\.\d+)?$/.test(value) ? new Date(Number(value)) : new Date(value);
  if (Number.isNaN(date.getTime())) throw new Error(`stored timestamp ${JSON.stringify(value)} is not a date`);
  return date;
}

/**
 * Most bound parameters one statement may carry: SQLite's SQLITE_MAX_VARIABLE_NUMBER is 32 766 (since
 * 3.32); PostgreSQL allows 65 535. Id lists and multi-row inserts are split to stay below it.
 */
export const MAX_PARAMETERS = 32_000;

/** `items` in consecutive chunks of at most `size`. */
export function* chunks<T>(items: readonly T[], size: number): Generator<readonly T[]> {
  for (let start = 0; start < items.length; start += size) yield items.slice(start, start + size);
}
