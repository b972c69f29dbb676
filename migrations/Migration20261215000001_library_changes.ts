import { EngineMigration } from './EngineMigration.ts';

/**
 * Creates `library_changes`: the change log of what the similarity index reads (seq, track_id, kind,
 * changed_at; the latest change per track). Frozen history, as the earlier migrations: the SQL is what
 * MikroORM's schema generator emits for the LibraryChange entity on each engine; the schema tests prove they agree.
 */
export class Migration20261215000001_library_changes extends EngineMigration {
  override name = 'Migration20261215000001_library_changes';

  override upSqlite(): void {
    this.addSql(
      'create table `library_changes` (`seq` integer not null primary key autoincrement, `track_id` integer null, `kind` text not null, `changed_at` datetime not null);',
    );
    this.addSql('create unique index `library_changes_track_id_unique` on `library_changes` (`track_id`);');
  }

  override downSqlite(): void {
    this.addSql('drop table if exists `library_changes`;');
  }

  override upPostgres(): void {
    this.addSql(
      'create table "library_changes" ("seq" serial primary key, "track_id" int null, "kind" text not null, "changed_at" timestamptz not null);',
    );
    this.addSql('alter table "library_changes" add constraint "library_changes_track_id_unique" unique ("track_id");');
  }

  override downPostgres(): void {
    this.addSql('drop table if exists "library_changes";');
  }
}
