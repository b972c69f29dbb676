import type { EntityManager } from '@mikro-orm/sqlite';
import type { Generated, Kysely } from 'kysely';

/** A stored library root as a plain record. */
export interface LibraryRootRecord {
  readonly id: number;
  /** Absolute real path of the folder. */
  readonly path: string;
  readonly createdAt: Date;
}

/** The table as Kysely sees it (snake_case columns; `created_at` in ms since the epoch, as MikroORM stores datetimes in SQLite). */
interface LibraryRootsTable {
  readonly library_roots: {
    id: Generated<number>;
    path: string;
    created_at: number | string;
  };
}

/** Every statement on `library_roots` (reads and writes), through Kysely with bound parameters. */
export class LibraryRootRepository {
  readonly #em: EntityManager;

  constructor(em: EntityManager) {
    this.#em = em;
  }

  #db(): Kysely<LibraryRootsTable> {
    return this.#em.getKysely<LibraryRootsTable>();
  }

  /** Every stored root, oldest first. */
  async list(): Promise<LibraryRootRecord[]> {
    const rows = await this.#db().selectFrom('library_roots').select(['id', 'path', 'created_at']).orderBy('id').execute();
    return rows.map((row) => ({ id: row.id, path: row.path, createdAt: new Date(Number(row.created_at)) }));
  }

  /** Stores the absolute `paths` not stored yet (one statement; a known path is left as it was). Returns how many were new. */
  async add(paths: readonly string[]): Promise<number> {
    const unique = [...new Set(paths)];
    if (unique.length === 0) return 0;
    const now = Date.now();
    const result = await this.#db()
      .insertInto('library_roots')
      .values(unique.map((path) => ({ path, created_at: now })))
      .onConflict((conflict) => conflict.column('path').doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0);
  }
}
