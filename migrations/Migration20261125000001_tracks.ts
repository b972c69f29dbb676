import { EngineMigration } from './EngineMigration.ts';

/**
 * Creates `tracks`: the original system's v3 Track table (tags, format facts, fingerprint status).
 *
 * Migrations are frozen history: the SQL is written out here, as MikroORM's schema generator emits it
 * for the Track entity, rather than derived from the entity at run time, so that a later change of the
 * entity needs a new migration instead of silently rewriting this one. test/db/schema.test.ts proves
 * that the migrated schema equals the one the entities declare.
 */
export class Migration20261125000001_tracks extends EngineMigration {
  override name = 'Migration20261125000001_tracks';

  override upSqlite(): void {
    this.addSql(
      'create table `tracks` (' +
        '`id` integer not null primary key autoincrement, ' +
        '`path` text not null, ' +
        '`title` text null, `artist` text null, `album` text null, `album_artist` text null, ' +
        '`track_number` integer null, `disc_number` integer null, `year` integer null, `genre` text null, ' +
        '`duration_seconds` double null, `sample_rate` integer null, `channels` integer null, ' +
        '`codec` text null, `bitrate` integer null, `file_size` integer null, `file_mtime` double null, ' +
        "`fingerprint_status` text check (`fingerprint_status` in ('MISSING', 'CURRENT', 'STALE', 'FAILED')) " +
        "not null default 'MISSING', " +
        '`last_error` text null, ' +
        '`created_at` datetime not null, `updated_at` datetime not null);',
    );
    this.addSql('create unique index `tracks_path_unique` on `tracks` (`path`);');
  }

  override downSqlite(): void {
    this.addSql('drop table if exists `tracks`;');
  }

  override upPostgres(): void {
    this.addSql(
      'create table "tracks" (' +
        '"id" serial primary key, ' +
        '"path" text not null, ' +
        '"title" text null, "artist" text null, "album" text null, "album_artist" text null, ' +
        '"track_number" int null, "disc_number" int null, "year" int null, "genre" text null, ' +
        '"duration_seconds" double precision null, "sample_rate" int null, "channels" int null, ' +
        '"codec" text null, "bitrate" int null, "file_size" bigint null, "file_mtime" double precision null, ' +
        '"fingerprint_status" text not null default \'MISSING\', ' +
        '"last_error" text null, ' +
        '"created_at" timestamptz not null, "updated_at" timestamptz not null);',
    );
    this.addSql('alter table "tracks" add constraint "tracks_path_unique" unique ("path");');
    this.addSql(
      'alter table "tracks" add constraint "tracks_fingerprint_status_check" ' +
        "check (\"fingerprint_status\" in ('MISSING', 'CURRENT', 'STALE', 'FAILED'));",
    );
  }

  override downPostgres(): void {
    this.addSql('drop table if exists "tracks";');
  }
}
