import type { Platform } from '@mikro-orm/core';
import { BasePostgreSqlPlatform, SqlitePlatform } from '@mikro-orm/sql';
import { parse as parseConnectionString } from 'pg-connection-string';

/** The two database engines: an SQLite file (the default) or a PostgreSQL server. */
export type DatabaseEngine = 'sqlite' | 'postgresql';

/**
 * Which engine a database setting (`AURALIS_DB`, `--db`) selects: a `postgres://` or `postgresql://` URL
 * is PostgreSQL, anything else is an SQLite file path.
 */
export function databaseEngine(dbSetting: string): DatabaseEngine {
  return /^postgres(ql)?:\/\//i.test(dbSetting) ? 'postgresql' : 'sqlite';
}

/** Which engine a MikroORM platform belongs to (migrations, engine-specific statements). */
export function platformEngine(platform: Platform): DatabaseEngine {
  if (platform instanceof SqlitePlatform) return 'sqlite';
  if (platform instanceof BasePostgreSqlPlatform) return 'postgresql';
  throw new Error(`unsupported database platform ${platform.constructor.name}: expected SQLite or PostgreSQL`);
}

/**
 * A database setting fit for logs and messages: a PostgreSQL URL as `postgres://user@host:port/database`
 * (a Unix socket as `postgres://user@/database?host=/socket/dir`), without the password or any other
 * parameter; an SQLite path unchanged.
 */
export function describeDatabase(dbSetting: string): string {
  if (databaseEngine(dbSetting) === 'sqlite') return dbSetting;
  const { user, host, port, database } = parseConnectionString(dbSetting);
  const login = user ? `${user}@` : '';
  const name = encodeURIComponent(database ?? '');
  if (host?.startsWith('/')) return `postgres://${login}/${name}?host=${host}`;
  return `postgres://${login}${host ?? ''}${port ? `:${port}` : ''}/${name}`;
}
