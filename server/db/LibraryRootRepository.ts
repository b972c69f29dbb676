import type { EntityManager } from '@mikro-orm/sql';
import { dateOf, dbOf, runQuery, selectRows, timestampValue } from './sql.ts';

/** A stored library root as a plain record. */
export interface LibraryRootRecord {
  readonly id: number;
  /** Absolute real path of the folder. */
  readonly path: string;
  readonly createdAt: Date;
}

/** Every statement on `library_roots` (reads and writes), through Kysely with bound parameters. */
export class LibraryRootRepository {
  readonly #em: EntityManager;

  constructor(em: EntityManager) {
    this.#em = em;
  }

  /** Every stored root, oldest first. */
  async list(): Promise<LibraryRootRecord[]> {
    const rows = await selectRows(this.#em, dbOf(this.#em).selectFrom('library_roots').select(['id', 'path', 'created_at']).orderBy('id'));
    return rows.map((row) => ({ id: row.id, path: row.path, createdAt: dateOf(row.created_at) }));
  }

  /** Stores the absolute `paths` not stored yet (one statement; a known path is left as it was). Returns how many were new. */
  async add(paths: readonly string[]): Promise<number> {
    const unique = [...new Set(paths)];
    if (unique.length === 0) return 0;
    // A timestamp as the engine stores it (ms on SQLite, timestamptz on PostgreSQL): Date.now() broke PostgreSQL.
    const now = timestampValue(this.#em, new Date());
    const { affected } = await runQuery(
      this.#em,
      dbOf(this.#em)
        .insertInto('library_roots')
        .values(unique.map((path) => ({ path, created_at: now })))
        .onConflict((conflict) => conflict.column('path').doNothing()),
    );
    return affected;
  }
}
