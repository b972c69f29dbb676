import { EngineMigration } from './EngineMigration.ts';

/**
 * Creates `library_roots`: the folders given to `auralis scan`, which a server on the same database may
 * read (with AURALIS_LIBRARY_ROOTS added). Frozen history, as the earlier migrations: the SQL is what
 * MikroORM's schema generator emits for the LibraryRoot entity on each engine; the schema tests prove they agree.
 */
export class Migration20261210000001_library_roots extends EngineMigration {
  override name = 'Migration20261210000001_library_roots';

  override upSqlite(): void {
    this.addSql(
      'create table `library_roots` (`id` integer not null primary key autoincrement, `path` text not null, `created_at` datetime not null);',
    );
    this.addSql('create unique index `library_roots_path_unique` on `library_roots` (`path`);');
  }

  override downSqlite(): void {
    this.addSql('drop table if exists `library_roots`;');
  }

  override upPostgres(): void {
    this.addSql(
      'create table "library_roots" ("id" serial primary key, "path" text not null, "created_at" timestamptz not null);',
    );
    this.addSql('alter table "library_roots" add constraint "library_roots_path_unique" unique ("path");');
  }

  override downPostgres(): void {
    this.addSql('drop table if exists "library_roots";');
  }
}
