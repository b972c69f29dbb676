import type { EntityManager } from '@mikro-orm/sql';
import { LibraryChangeRepository } from './LibraryChangeRepository.ts';
import { dateOf, dbOf, runQuery, selectRows, timestampValue } from './sql.ts';

/** One stored row of `fingerprint_normalisers` (statistics of one dimension, physical unit). */
export interface NormaliserRecord {
  /** camelCase catalogue key. */
  readonly dimension: string;
  /** 5th percentile. */
  readonly lo: number;
  /** 95th percentile. */
  readonly hi: number;
  readonly mean: number;
  /** Population standard deviation. */
  readonly std: number;
  /** Percentiles 0…100 (stored as JSON text), null in a row stored before fingerprint v2. */
  readonly quantiles: Float64Array | null;
  readonly fingerprintCount: number;
  readonly fingerprintVersion: number;
  readonly computedAt: Date;
}

/** Every query and write of `fingerprint_normalisers` (one row per catalogue dimension). */
export class NormaliserRepository {
  readonly #em: EntityManager;

  constructor(em: EntityManager) {
    this.#em = em;
  }

  /** Every stored row (any order). */
  async getAll(): Promise<NormaliserRecord[]> {
    const rows = await selectRows(
      this.#em,
      dbOf(this.#em)
        .selectFrom('fingerprint_normalisers')
        .select([
          'dimension',
          'lo',
          'hi',
          'mean',
          'std',
          'quantiles',
          'fingerprint_count as fingerprintCount',
          'fingerprint_version as fingerprintVersion',
          'computed_at as computedAt',
        ]),
    );
    return rows.map((row) => ({
      ...row,
      quantiles: row.quantiles === null ? null : Float64Array.from(JSON.parse(row.quantiles) as number[]),
      computedAt: dateOf(row.computedAt),
    }));
  }

  /** Replaces the stored set with `rows` (none: the set is removed), in one transaction that also records it in `library_changes`. */
  async replaceAll(rows: readonly NormaliserRecord[]): Promise<void> {
    await this.#em.transactional(async (em) => {
      await new LibraryChangeRepository(em).recordNormalisers();
      await runQuery(em, dbOf(em).deleteFrom('fingerprint_normalisers'));
      if (rows.length === 0) return;
      await runQuery(
        em,
        dbOf(em)
          .insertInto('fingerprint_normalisers')
          .values(
            rows.map((r) => ({
              dimension: r.dimension,
              lo: r.lo,
              hi: r.hi,
              mean: r.mean,
              std: r.std,
              quantiles: r.quantiles === null ? null : JSON.stringify([...r.quantiles]),
              fingerprint_count: r.fingerprintCount,
              fingerprint_version: r.fingerprintVersion,
              computed_at: timestampValue(em, r.computedAt),
            })),
          ),
      );
    });
  }
}
