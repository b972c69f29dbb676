import { EngineMigration } from './EngineMigration.ts';

/** The v2 columns of `track_fingerprints`, in entity order (server/fingerprint/facts.ts, then the histogram). */
const FACT_COLUMNS = ['tempo_confidence', 'tempo_alternate_bpm', 'true_peak_dbtp', 'key_pitch_class', 'key_mode', 'key_confidence'];

/**
 * Fingerprint v2 (docs/fingerprint.md): appends the nullable fact columns and the sparse loudness histogram
 * to `track_fingerprints` (NULL for every v1 row), the stored quantiles of rank normalisation to
 * `fingerprint_normalisers` (NULL in a v1 row: the set is recomputed on next use), and marks the tracks whose stored fingerprint is of
 * version 1 STALE, so `tracks.fingerprint_status` agrees with `isStale` (TrackRepository) and
 * `auralis extract --stale` re-analyses them. Frozen history: the DDL is what MikroORM's schema generator
 * emits on each engine; the version number 2 is written out, not FINGERPRINT_VERSION.
 * `down` drops the columns and leaves the statuses (a STALE track is re-analysed, nothing is lost).
 */
export class Migration20261225000001_fingerprint_v2 extends EngineMigration {
  override name = 'Migration20261225000001_fingerprint_v2';

  #markVersion1Stale(): void {
    this.addSql(
      "update tracks set fingerprint_status = 'STALE' where fingerprint_status = 'CURRENT' and id in " +
        '(select track_id from track_fingerprints where fingerprint_version < 2);',
    );
  }

  override upSqlite(): void {
    for (const column of FACT_COLUMNS) this.addSql(`alter table \`track_fingerprints\` add column \`${column}\` real null;`);
    this.addSql('alter table `track_fingerprints` add column `loudness_histogram` blob null;');
    this.addSql('alter table `fingerprint_normalisers` add column `quantiles` text null;');
    this.#markVersion1Stale();
  }

  override downSqlite(): void {
    this.addSql('alter table `fingerprint_normalisers` drop column `quantiles`;');
    for (const column of [...FACT_COLUMNS, 'loudness_histogram'].reverse()) {
      this.addSql(`alter table \`track_fingerprints\` drop column \`${column}\`;`);
    }
  }

  override upPostgres(): void {
    this.addSql(
      'alter table "track_fingerprints" ' +
        FACT_COLUMNS.map((column) => `add "${column}" double precision null`).join(', ') +
        ', add "loudness_histogram" bytea null;',
    );
    this.addSql('alter table "fingerprint_normalisers" add "quantiles" text null;');
    this.#markVersion1Stale();
  }

  override downPostgres(): void {
    this.addSql('alter table "fingerprint_normalisers" drop column "quantiles";');
    this.addSql(
      'alter table "track_fingerprints" ' +
        [...FACT_COLUMNS, 'loudness_histogram'].map((column) => `drop column "${column}"`).join(', ') +
        ';',
    );
  }
}
