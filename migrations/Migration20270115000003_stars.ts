import { EngineMigration } from './EngineMigration.ts';

/**
 * Creates `stars`: the songs, albums and artists each user starred (OpenSubsonic `star`). Frozen history: the DDL is
 * what MikroORM's schema generator emits for the Star entity on each engine.
 */
export class Migration20270115000003_stars extends EngineMigration {
  override name = 'Migration20270115000003_stars';

  override upSqlite(): void {
    this.addSql(
      'create table `stars` (`user_id` integer not null, `item_id` text not null, `starred_at` datetime not null, ' +
        'primary key (`user_id`, `item_id`), constraint `stars_user_id_foreign` foreign key (`user_id`) references `users` (`id`) on delete cascade);',
    );
    this.addSql('create index `stars_user_id_index` on `stars` (`user_id`);');
  }

  override downSqlite(): void {
    this.addSql('drop table if exists `stars`;');
  }

  override upPostgres(): void {
    this.addSql('create table "stars" ("user_id" int not null, "item_id" text not null, "starred_at" timestamptz not null, primary key ("user_id", "item_id"));');
    this.addSql('create index "stars_user_id_index" on "stars" ("user_id");');
    this.addSql('alter table "stars" add constraint "stars_user_id_foreign" foreign key ("user_id") references "users" ("id") on delete cascade;');
  }

  override downPostgres(): void {
    this.addSql('drop table if exists "stars";');
  }
}
