import { Migration } from '@mikro-orm/migrations';

/**
 * Creates `library_roots`: the folders given to `auralis scan`, which a server on the same database may
 * read (with AURALIS_LIBRARY_ROOTS added). Frozen history, as the earlier migrations: the SQL is what
 * MikroORM's schema generator emits for the LibraryRoot entity; test/db/schema.test.ts proves they agree.
 */
export class Migration20261210000001_library_roots extends Migration {
  override name = 'Migration20261210000001_library_roots';

  override up(): void {
    this.addSql(
      'create table `library_roots` (`id` integer not null primary key autoincrement, `path` text not null, `created_at` datetime not null);',
    );
    this.addSql('create unique index `library_roots_path_unique` on `library_roots` (`path`);');
  }

  override down(): void {
    this.addSql('drop table if exists `library_roots`;');
  }
}
