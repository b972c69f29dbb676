import { EngineMigration } from './EngineMigration.ts';

/**
 * Creates `ratings`: each user's 1…5 ratings of songs, albums and artists (OpenSubsonic `setRating`). Frozen history:
 * the DDL is what MikroORM's schema generator emits for the Rating entity on each engine.
 */
export class Migration20270115000004_ratings extends EngineMigration {
  override name = 'Migration20270115000004_ratings';

  override upSqlite(): void {
    this.addSql(
      'create table `ratings` (`user_id` integer not null, `item_id` text not null, `rating` integer not null, `rated_at` datetime not null, ' +
        'primary key (`user_id`, `item_id`), constraint `ratings_user_id_foreign` foreign key (`user_id`) references `users` (`id`) on delete cascade);',
    );
    this.addSql('create index `ratings_user_id_index` on `ratings` (`user_id`);');
  }

  override downSqlite(): void {
    this.addSql('drop table if exists `ratings`;');
  }

  override upPostgres(): void {
    this.addSql(
      'create table "ratings" ("user_id" int not null, "item_id" text not null, "rating" int not null, "rated_at" timestamptz not null, primary key ("user_id", "item_id"));',
    );
    this.addSql('create index "ratings_user_id_index" on "ratings" ("user_id");');
    this.addSql('alter table "ratings" add constraint "ratings_user_id_foreign" foreign key ("user_id") references "users" ("id") on delete cascade;');
  }

  override downPostgres(): void {
    this.addSql('drop table if exists "ratings";');
  }
}
