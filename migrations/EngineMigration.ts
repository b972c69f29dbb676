import { Migration } from '@mikro-orm/migrations';
import { platformEngine } from '../server/db/databaseEngine.ts';

/**
 * A migration with its SQL written out once per engine (migrations/README.md). `up()` and `down()` pick
 * `upSqlite()` / `upPostgres()` (`downSqlite()` / `downPostgres()`) by the platform MikroORM runs on, so
 * each engine's statements are plain frozen text beside the other's, and the SQLite statements stay
 * exactly what existing SQLite databases ran.
 */
export abstract class EngineMigration extends Migration {
  /** SQLite DDL: backtick identifiers, `integer primary key autoincrement`, REAL floats, `datetime`. */
  abstract upSqlite(): void;
  /** PostgreSQL DDL: double-quoted identifiers, `serial`, `double precision`, `bigint`, `timestamptz`. */
  abstract upPostgres(): void;
  abstract downSqlite(): void;
  abstract downPostgres(): void;

  override up(): void {
    if (platformEngine(this.driver.getPlatform()) === 'postgresql') this.upPostgres();
    else this.upSqlite();
  }

  override down(): void {
    if (platformEngine(this.driver.getPlatform()) === 'postgresql') this.downPostgres();
    else this.downSqlite();
  }
}
