import { describe, expect, it } from 'vitest';
import { createOrm, databaseEngine, describeDatabase, isPostgres } from '../../server/db/createOrm.ts';
import { tempDir } from './helpers.ts';

describe('databaseEngine', () => {
  it('selects PostgreSQL for postgres:// and postgresql:// URLs, SQLite for anything else', () => {
    expect(databaseEngine('postgres://u:p@db.example:5432/auralis')).toBe('postgresql');
    expect(databaseEngine('POSTGRESQL://u@/auralis?host=/run/postgresql')).toBe('postgresql');
    expect(databaseEngine('./auralis.db')).toBe('sqlite');
    expect(databaseEngine('/data/postgres://odd.db')).toBe('sqlite');
    expect(databaseEngine(':memory:')).toBe('sqlite');
  });

  it('describes a URL without its password or parameters', () => {
    expect(describeDatabase('postgres://bob:s3cret@db.example:5433/auralis?sslmode=require')).toBe('postgres://bob@db.example:5433/auralis');
    expect(describeDatabase('postgres://postgres@/auralis?host=/run/postgresql')).toBe('postgres://postgres@/auralis?host=/run/postgresql');
    expect(describeDatabase('./auralis.db')).toBe('./auralis.db');
  });

  it('opens an SQLite file when the setting is a path', async () => {
    const temp = tempDir();
    const orm = await createOrm({ dbPath: temp.file('x.db') });
    try {
      expect(isPostgres(orm)).toBe(false);
    } finally {
      await orm.close();
      temp.cleanup();
    }
  });

  it('fails with DATABASE_UNREACHABLE, naming the server but not the password, when PostgreSQL does not answer', async () => {
    const failure = await createOrm({ dbPath: 'postgres://bob:s3cret@127.0.0.1:1/auralis' }).then(
      () => undefined,
      (error: unknown) => error as { code?: string; message: string },
    );
    expect(failure?.code).toBe('DATABASE_UNREACHABLE');
    expect(failure?.message).toMatch(/^cannot connect to postgres:\/\/bob@127\.0\.0\.1:1\/auralis: .*ECONNREFUSED/);
    expect(failure?.message).not.toContain('s3cret');
  });
});
