import { EngineMigration } from './EngineMigration.ts';

/**
 * Creates `track_plays`: how often and when each user played each track (OpenSubsonic `scrobble`). Frozen history:
 * the DDL is what MikroORM's schema generator emits for the TrackPlay entity on each engine.
 */
export class Migration20270115000002_track_plays extends EngineMigration {
  override name = 'Migration20270115000002_track_plays';

  override upSqlite(): void {
    this.addSql(
      'create table `track_plays` (`user_id` integer not null, `track_id` integer not null, `play_count` integer not null, ' +
        '`last_played` datetime not null, primary key (`user_id`, `track_id`), ' +
        'constraint `track_plays_user_id_foreign` foreign key (`user_id`) references `users` (`id`) on update cascade on delete cascade, ' +
        'constraint `track_plays_track_id_foreign` foreign key (`track_id`) references `tracks` (`id`) on update cascade on delete cascade);',
    );
    this.addSql('create index `track_plays_user_id_index` on `track_plays` (`user_id`);');
    this.addSql('create index `track_plays_track_id_index` on `track_plays` (`track_id`);');
  }

  override downSqlite(): void {
    this.addSql('drop table if exists `track_plays`;');
  }

  override upPostgres(): void {
    this.addSql(
      'create table "track_plays" ("user_id" int not null, "track_id" int not null, "play_count" int not null, ' +
        '"last_played" timestamptz not null, primary key ("user_id", "track_id"));',
    );
    this.addSql('create index "track_plays_user_id_index" on "track_plays" ("user_id");');
    this.addSql('create index "track_plays_track_id_index" on "track_plays" ("track_id");');
    this.addSql(
      'alter table "track_plays" add constraint "track_plays_user_id_foreign" foreign key ("user_id") references "users" ("id") on update cascade on delete cascade;',
    );
    this.addSql(
      'alter table "track_plays" add constraint "track_plays_track_id_foreign" foreign key ("track_id") references "tracks" ("id") on update cascade on delete cascade;',
    );
  }

  override downPostgres(): void {
    this.addSql('drop table if exists "track_plays";');
  }
}
