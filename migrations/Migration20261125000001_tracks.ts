import { Migration } from '@mikro-orm/migrations';

/**
 * Creates `tracks`: the original system's v3 Track table (tags, format facts, fingerprint status).
 *
 * Migrations are frozen history: the SQL is written out here, as MikroORM's schema generator emits it
 * for the Track entity, rather than derived from the entity at run time, so that a later change of the
 * entity needs a new migration instead of silently rewriting this one. test/db/schema.test.ts proves
 * that the migrated schema equals the one the entities declare.
 */
export class Migration20261125000001_tracks extends Migration {
  override name = 'Migration20261125000001_tracks';

  override up(): void {
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

  override down(): void {
    this.addSql('drop table if exists `tracks`;');
  }
}
