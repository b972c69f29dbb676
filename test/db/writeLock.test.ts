/**
 * Issue 8 item 5, made deterministic: a transaction that reads then writes while another process commits in
 * between. With SQLite's deferred BEGIN the read pins a snapshot and the later write fails at once with
 * SQLITE_BUSY_SNAPSHOT (the busy timeout does not apply). With BEGIN IMMEDIATE (server/db/writeLockDriver.ts)
 * the transaction holds the write lock from its start: the other process waits for it, and both succeed.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EntityManager, MikroORM } from '@mikro-orm/sql';
import { CACHE_SIZE_KIB, READ_CACHE_SIZE_KIB, openDatabase } from '../../server/db/createOrm.ts';
import { TrackRepository } from '../../server/db/TrackRepository.ts';
import { testEngine } from '../support/testDatabase.ts';
import { sql, tempDir } from './helpers.ts';

// SQLite's write lock by nature; on PostgreSQL test/cli/twoWriters.test.ts runs two scans and a job on one database.
describe.runIf(testEngine() === 'sqlite')('SQLite only (BEGIN IMMEDIATE against SQLITE_BUSY_SNAPSHOT)', () => {
  const db = tempDir('auralis-write-lock-');
  const dbFile = db.file('library.db');
  let orm: MikroORM;

  beforeAll(async () => {
    orm = await openDatabase({ dbPath: dbFile });
  });
  afterAll(async () => {
    await orm.close();
    db.cleanup();
  });

  /** Another process that adds one track through the repository (in a transaction) and exits 0, or 1 on an error. */
  function otherWriter(trackPath: string) {
    const createOrm = fileURLToPath(new URL('../../server/db/createOrm.ts', import.meta.url));
    const repository = fileURLToPath(new URL('../../server/db/TrackRepository.ts', import.meta.url));
    const script = `
      const { openDatabase } = await import(${JSON.stringify(createOrm)});
      const { TrackRepository } = await import(${JSON.stringify(repository)});
      const orm = await openDatabase({ dbPath: ${JSON.stringify(dbFile)} });
      try {
        await orm.em.fork().transactional((em) => new TrackRepository(em).add({ path: ${JSON.stringify(trackPath)} }));
        console.log('committed');
      } catch (error) {
        console.error(String(error?.code ?? ''), error?.message);
        process.exitCode = 1;
      } finally {
        await orm.close();
      }`;
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    return { child, exited: once(child, 'exit').then(([code]) => ({ code: code as number, output })) };
  }

  it('a read-then-write transaction survives another process committing in between; the other one waits', { timeout: 60_000 }, async () => {
    const other = otherWriter('/music/lock/other.flac');
    await orm.em.fork().transactional(async (em) => {
      const tracks = new TrackRepository(em);
      expect(await tracks.getByPath('/music/lock/mine.flac')).toBeNull(); // the read
      // Give the other process time to start and try to commit while this transaction is open.
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      await tracks.add({ path: '/music/lock/mine.flac' }); // the write
    });
    const { code, output } = await other.exited;
    expect(output).not.toMatch(/BUSY|locked/);
    expect(code).toBe(0);
    const rows = await sql<{ path: string }>(orm, 'select path from tracks order by path');
    expect(rows.map((r) => r.path)).toEqual(['/music/lock/mine.flac', '/music/lock/other.flac']);
  });

  it('the page cache is READ_CACHE_SIZE_KIB outside transactions and CACHE_SIZE_KIB inside, after commit and rollback too', { timeout: 20_000 }, async () => {
    // Inside a transaction, on its own connection context (the SQLite connection is held until it ends).
    const cacheSize = async (em?: EntityManager) => {
      const rows = em === undefined
        ? await sql<{ cache_size: number }>(orm, 'pragma cache_size')
        : ((await em.getConnection().execute('pragma cache_size', [], 'all', em.getTransactionContext())) as { cache_size: number }[]);
      return rows[0]!.cache_size;
    };
    expect(READ_CACHE_SIZE_KIB).toBeLessThan(CACHE_SIZE_KIB);
    expect(await cacheSize()).toBe(-READ_CACHE_SIZE_KIB);
    await orm.em.fork().transactional(async (em) => {
      expect(await cacheSize(em)).toBe(-CACHE_SIZE_KIB);
    });
    expect(await cacheSize()).toBe(-READ_CACHE_SIZE_KIB);
    await expect(
      orm.em.fork().transactional(async (em) => {
        await new TrackRepository(em).add({ path: '/music/lock/rolled-back.flac' });
        expect(await cacheSize(em)).toBe(-CACHE_SIZE_KIB);
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(await cacheSize()).toBe(-READ_CACHE_SIZE_KIB);
    expect(await sql(orm, "select id from tracks where path = '/music/lock/rolled-back.flac'")).toEqual([]);
  });
});
