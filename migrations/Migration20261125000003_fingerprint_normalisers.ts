import { Migration } from '@mikro-orm/migrations';

/**
 * Creates `fingerprint_normalisers`: the stored per-dimension normaliser statistics of the similarity
 * distance (lo = p5, hi = p95, mean, std, the fingerprint count and version they were computed from, and
 * when). Frozen history, as the earlier migrations: the SQL is what MikroORM's schema generator emits for
 * the FingerprintNormaliser entity; test/db/schema.test.ts proves they agree.
 */
export class Migration20261125000003_fingerprint_normalisers extends Migration {
  override name = 'Migration20261125000003_fingerprint_normalisers';

  override up(): void {
    this.addSql(
      'create table `fingerprint_normalisers` (' +
        '`dimension` text not null primary key, `lo` real not null, `hi` real not null, ' +
        '`mean` real not null, `std` real not null, `fingerprint_count` integer not null, ' +
        '`fingerprint_version` integer not null, `computed_at` datetime not null);',
    );
  }

  override down(): void {
    this.addSql('drop table if exists `fingerprint_normalisers`;');
  }
}
