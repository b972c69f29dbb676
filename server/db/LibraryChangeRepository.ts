import type { EntityManager } from '@mikro-orm/sql';
import { type Compilable, CompiledQuery, type Insertable, sql } from 'kysely';
import type { Database, LibraryChangeKind } from './database.ts';
import { MAX_PARAMETERS, chunks, dateOf, dbOf, isSqlite, runQuery, selectRows, timestampValue } from './sql.ts';

/** A `library_changes` row. */
export interface LibraryChangeRecord {
  /** Increases with every recorded change, never reused. */
  readonly seq: number;
  /** Null for a `normalisers` change. */
  readonly trackId: number | null;
  readonly kind: LibraryChangeKind;
  readonly changedAt: Date;
}

/** Bound parameters of one logged row: track_id, kind, changed_at. */
const PARAMETERS_PER_ROW = 3;
/** Rows per multi-row INSERT of `record` (within MAX_PARAMETERS). */
export const CHANGE_CHUNK_ROWS = Math.floor(MAX_PARAMETERS / PARAMETERS_PER_ROW);

/**
 * The change log of what the similarity index reads (table `library_changes`). Every write of
 * `track_fingerprints` or `fingerprint_normalisers` records itself here, IN ITS OWN TRANSACTION, so that
 * `latestSeq()` (max(seq): one read of the primary key's last entry) moves with every committed change, made
 * by whichever connection, process or machine. server/similarity/libraryIndex.ts compares it per request.
 *
 * Growth: only the latest change per track is kept (track_id UNIQUE: `record` deletes a track's older row
 * and inserts a new one with a new seq), and one row for the normalisers, so the table holds at most one row
 * per track id ever fingerprinted (a deleted track keeps its `delete` row). The rows with seq > s are then
 * exactly the tracks whose fingerprint changed since s, each with its last kind.
 *
 * Ordering: seq must grow in commit order, or a reader could see max(seq) = 11 while 10 commits later and
 * miss it. SQLite serialises writers already (BEGIN IMMEDIATE, writeLockDriver.ts). On PostgreSQL `lock()`
 * takes `LOCK TABLE library_changes IN EXCLUSIVE MODE` until commit (readers are not blocked), so writers of
 * fingerprints queue there; call it (or `record`) before writing any row, so that they queue instead of
 * deadlocking on each other's rows.
 */
export class LibraryChangeRepository {
  readonly #em: EntityManager;

  constructor(em: EntityManager) {
    this.#em = em;
  }

  /** Serialises the writers of the log until this transaction ends (see the class comment). Throws outside a transaction. */
  async lock(): Promise<void> {
    if (!this.#em.isInTransaction()) throw new Error('library_changes: a change must be recorded inside the transaction that writes it');
    if (isSqlite(this.#em)) return; // BEGIN IMMEDIATE holds the database's write lock already
    // ENGINE-SPECIFIC (PostgreSQL): a table lock, identifiers only.
    await runQuery(this.#em, { compile: () => sql`lock table library_changes in exclusive mode`.compile(dbOf(this.#em)) });
  }

  /** Records that the fingerprints of `trackIds` were written (`upsert`) or deleted (`delete`), replacing their older rows. */
  async record(kind: 'upsert' | 'delete', trackIds: readonly number[]): Promise<void> {
    await this.lock();
    if (trackIds.length === 0) return;
    const em = this.#em;
    const now = timestampValue(em, new Date());
    for (const chunk of chunks([...new Set(trackIds)], CHANGE_CHUNK_ROWS)) {
      await runQuery(em, dbOf(em).deleteFrom('library_changes').where('track_id', 'in', chunk));
      const parameters: (number | string | Date)[] = [];
      for (const trackId of chunk) parameters.push(trackId, kind, now);
      await runQuery(em, insertStatement(em, chunk.length, parameters));
    }
  }

  /** Records that the stored normaliser set was replaced (one row, track_id null). */
  async recordNormalisers(): Promise<void> {
    await this.lock();
    const em = this.#em;
    await runQuery(em, dbOf(em).deleteFrom('library_changes').where('track_id', 'is', null));
    await runQuery(em, insertStatement(em, 1, [null, 'normalisers', timestampValue(em, new Date())]));
  }

  /** The highest seq recorded, 0 when none (one single-row read of the primary key). */
  async latestSeq(): Promise<number> {
    const [row] = await selectRows(this.#em, dbOf(this.#em).selectFrom('library_changes').select((eb) => eb.fn.max('seq').as('seq')));
    return row?.seq == null ? 0 : Number(row.seq);
  }

  /** The changes recorded after `seq`, oldest first, at most `limit`. */
  async after(seq: number, limit = 10_000): Promise<LibraryChangeRecord[]> {
    const rows = await selectRows(
      this.#em,
      dbOf(this.#em)
        .selectFrom('library_changes')
        .select(['seq', 'track_id as trackId', 'kind', 'changed_at as changedAt'])
        .where('seq', '>', seq)
        .orderBy('seq')
        .limit(limit),
    );
    return rows.map((row) => ({ ...row, changedAt: dateOf(row.changedAt) }));
  }

  /** Number of rows in the log. */
  async count(): Promise<number> {
    const [row] = await selectRows(this.#em, dbOf(this.#em).selectFrom('library_changes').select((eb) => eb.fn.countAll<number>().as('n')));
    return Number(row!.n);
  }
}

/** SQL text of the `rows`-row insert per Kysely executor (dialect), compiled once by Kysely. */
const insertSql = new WeakMap<object, Map<number, string>>();

/** The multi-row INSERT of `rows` log rows with these parameters (track_id, kind, changed_at per row); see upsertStatement. */
function insertStatement(em: EntityManager, rows: number, parameters: readonly (number | string | Date | null)[]): Compilable<unknown> {
  const db = dbOf(em);
  const adapter = db.getExecutor().adapter;
  let cache = insertSql.get(adapter);
  if (cache === undefined) insertSql.set(adapter, (cache = new Map()));
  let text = cache.get(rows);
  if (text === undefined) {
    const placeholderRow: Insertable<Database['library_changes']> = { track_id: 0, kind: 'upsert', changed_at: 0 };
    const compiled = db.insertInto('library_changes').values(Array.from({ length: rows }, () => placeholderRow)).compile();
    if (compiled.parameters.length !== rows * PARAMETERS_PER_ROW) {
      throw new Error(`library_changes insert of ${rows} rows: expected ${rows * PARAMETERS_PER_ROW} parameters, Kysely compiled ${compiled.parameters.length}`);
    }
    text = compiled.sql;
    cache.set(rows, text);
  }
  const sqlText = text;
  return { compile: () => CompiledQuery.raw(sqlText, [...parameters]) };
}
