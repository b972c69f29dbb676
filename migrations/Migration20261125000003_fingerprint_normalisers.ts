import { EngineMigration } from './EngineMigration.ts';

/**
 * Creates `fingerprint_normalisers`: the stored per-dimension normaliser statistics of the similarity
 * distance (lo = p5, hi = p95, mean, std, the fingerprint count and version they were computed from, and
 * when). Frozen history, as the earlier migrations: the SQL is what MikroORM's schema generator emits for
 * the FingerprintNormaliser entity; test/db/schema.test.ts proves they agree.
 */
export class Migration20261125000003_fingerprint_normalisers extends EngineMigration {
  override name = 'Migration20261125000003_fingerprint_normalisers';

  override upSqlite(): void {
    this.addSql(
      'create table `fingerprint_normalisers` (' +
        '`dimension` text not null primary key, `lo` real not null, `hi` real not null, ' +
        '`mean` real not null, `std` real not null, `fingerprint_count` integer not null, ' +
        '`fingerprint_version` integer not null, `computed_at` datetime not null);',
    );
  }

  override downSqlite(): void {
    this.addSql('drop table if exists `fingerprint_normalisers`;');
  }

  override upPostgres(): void {
    this.addSql(
      'create table "fingerprint_normalisers" (' +
        '"dimension" text not null, "lo" double precision not null, "hi" double precision not null, ' +
        '"mean" double precision not null, "std" double precision not null, "fingerprint_count" int not null, ' +
        '"fingerprint_version" int not null, "computed_at" timestamptz not null, primary key ("dimension"));',
    );
  }

  override downPostgres(): void {
    this.addSql('drop table if exists "fingerprint_normalisers";');
  }
}
