import { EngineMigration } from './EngineMigration.ts';

/**
 * Creates `users`: the Subsonic users (name, the encrypted password, the SHA-256 of an API key). Frozen
 * history: the DDL is what MikroORM's schema generator emits for the User entity on each engine.
 */
export class Migration20270110000001_users extends EngineMigration {
  override name = 'Migration20270110000001_users';

  override upSqlite(): void {
    this.addSql(
      'create table `users` (`id` integer not null primary key autoincrement, `name` text not null, `password_cipher` text null, ' +
        '`api_key_sha256` text null, `api_key_created_at` datetime null, `created_at` datetime not null);',
    );
    this.addSql('create unique index `users_name_unique` on `users` (`name`);');
    this.addSql('create unique index `users_api_key_sha256_unique` on `users` (`api_key_sha256`);');
  }

  override downSqlite(): void {
    this.addSql('drop table if exists `users`;');
  }

  override upPostgres(): void {
    this.addSql(
      'create table "users" ("id" serial primary key, "name" text not null, "password_cipher" text null, ' +
        '"api_key_sha256" text null, "api_key_created_at" timestamptz null, "created_at" timestamptz not null);',
    );
    this.addSql('alter table "users" add constraint "users_name_unique" unique ("name");');
    this.addSql('alter table "users" add constraint "users_api_key_sha256_unique" unique ("api_key_sha256");');
  }

  override downPostgres(): void {
    this.addSql('drop table if exists "users";');
  }
}
