import { EngineMigration } from './EngineMigration.ts';

/**
 * Creates `library_maps`: the stored 2-D UMAP map of the library (one row: normaliser identity, change seq, UMAP
 * settings, the packed points, compute time, when). Frozen history: the DDL is what MikroORM's schema generator
 * emits for the LibraryMap entity on each engine.
 */
export class Migration20270110000001_library_map extends EngineMigration {
  override name = 'Migration20270110000001_library_map';

  override upSqlite(): void {
    this.addSql(
      'create table `library_maps` (`id` integer not null primary key, `normaliser_identity` text not null, `change_seq` integer not null, ' +
        '`seed` integer not null, `neighbours` integer not null, `epochs` integer not null, `point_count` integer not null, ' +
        '`points` blob not null, `milliseconds` integer not null, `computed_at` datetime not null);',
    );
  }

  override downSqlite(): void {
    this.addSql('drop table if exists `library_maps`;');
  }

  override upPostgres(): void {
    this.addSql(
      'create table "library_maps" ("id" int not null, "normaliser_identity" text not null, "change_seq" int not null, ' +
        '"seed" int not null, "neighbours" int not null, "epochs" int not null, "point_count" int not null, ' +
        '"points" bytea not null, "milliseconds" int not null, "computed_at" timestamptz not null, primary key ("id"));',
    );
  }

  override downPostgres(): void {
    this.addSql('drop table if exists "library_maps";');
  }
}
