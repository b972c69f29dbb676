import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../migrations/index.ts';
import { tempDir } from './helpers.ts';
import { runAuralis } from '../cli/runCli.ts';
import { freshDatabaseUrl } from '../support/testDatabase.ts';

const temp = tempDir();
afterAll(() => temp.cleanup());

/** Runs `auralis migrate …` as a user would, in a child process; returns its exit code and output. */
const auralis = (...args: string[]) => runAuralis(['migrate', ...args], { AURALIS_DB: '' });

describe('auralis migrate', () => {
  /** An SQLite file, or a new PostgreSQL database's URL (AURALIS_TEST_ENGINE=postgres). */
  let db: string;
  beforeAll(async () => {
    db = await freshDatabaseUrl(temp.file('cli.db'));
  });
  const names = MIGRATIONS.map((m) => m.name);
  const last = names[names.length - 1]!;
  const lines = (prefix: (name: string, i: number) => string) => names.map((name, i) => `${prefix(name, i)}${name}\n`).join('');

  it('lists, applies, reverts and re-applies the migrations', async () => {
    expect(await auralis('status', '--db', db)).toEqual({ code: 0, stdout: lines(() => '[ ] '), stderr: '' });
    expect(await auralis('--db', db)).toEqual({
      code: 0,
      stdout: lines(() => 'Migrated up: '),
      stderr: '',
    });
    expect((await auralis('up', '--db', db)).stdout).toBe('Schema is up to date.\n');
    expect((await auralis('down', '--db', db)).stdout).toBe(`Reverted: ${last}\n`);
    expect((await auralis('status', '--db', db)).stdout).toBe(lines((_, i) => (i < names.length - 1 ? '[x] ' : '[ ] ')));
    expect((await auralis('up', '--db', db)).stdout).toBe(`Migrated up: ${last}\n`);
  });

  it('rejects an unknown action with one clear line and a non-zero exit code', async () => {
    const result = await auralis('sideways', '--db', db);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('auralis migrate: expected one of up, down, status, received "sideways"\n');
  });
});
