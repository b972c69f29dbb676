import { EngineMigration } from './EngineMigration.ts';

/**
 * Timbre beside the fingerprint (server/fingerprint/timbre.ts): appends the nullable `timbre` column to
 * `track_fingerprints` (26 little-endian float64, NULL for every row analysed before the timbre group; `auralis
 * extract --all` fills it). The fingerprint version stays 2: the 25 dimensions and the facts do not change.
 * Frozen history: the DDL is what MikroORM's schema generator emits on each engine.
 */
export class Migration20261230000001_timbre extends EngineMigration {
  override name = 'Migration20261230000001_timbre';

  override upSqlite(): void {
    this.addSql('alter table `track_fingerprints` add column `timbre` blob null;');
  }

  override downSqlite(): void {
    this.addSql('alter table `track_fingerprints` drop column `timbre`;');
  }

  override upPostgres(): void {
    this.addSql('alter table "track_fingerprints" add "timbre" bytea null;');
  }

  override downPostgres(): void {
    this.addSql('alter table "track_fingerprints" drop column "timbre";');
  }
}
