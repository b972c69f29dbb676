/**
 * The benchmarks' synthetic library on SQLite: tracks by raw inserts on the native handle (a bench-only shortcut:
 * nothing of the product is measured there), fingerprints by the repository's bulk upsert, values from
 * `syntheticFingerprint(random)` in track-id order, so a seed gives the same library in every benchmark.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { MikroORM } from '@mikro-orm/sql';
import { syntheticFingerprint } from '../fixtures/syntheticFingerprint.ts';
import { createOrm, migrateToLatest } from '../server/db/createOrm.ts';
import { FingerprintRepository } from '../server/db/FingerprintRepository.ts';

type Native = {
  prepare(sql: string): { run(...p: unknown[]): unknown; all(...p: unknown[]): unknown[] };
  transaction<T>(fn: () => T): () => T;
};

/** Grows the library to `size` fingerprints (tracks by raw inserts, fingerprints by the repository's bulk upsert). */
export async function growSyntheticLibrary(orm: MikroORM, size: number, random: () => number): Promise<number[]> {
  const em = orm.em.fork();
  const database = (await em.getConnection().getNativeClient()) as Native;
  const have = (database.prepare('select count(*) as n from tracks').all() as { n: number }[])[0]!.n;
  const insert = database.prepare('insert into tracks (path, created_at, updated_at) values (?, ?, ?)');
  const now = Date.now();
  database.transaction(() => {
    for (let i = have + 1; i <= size; i++) insert.run(`/music/bench/${i}.flac`, now, now);
  })();
  const ids = (database.prepare('select id from tracks order by id').all() as { id: number }[]).map((r) => r.id);
  const repo = new FingerprintRepository(em);
  for (let start = have; start < size; start += 50_000) {
    await repo.upsertMany(ids.slice(start, Math.min(size, start + 50_000)).map((trackId) => ({ trackId, values: syntheticFingerprint(random) })));
  }
  return ids;
}


/**
 * Runs `run` on a fresh, migrated SQLite database (`bench.db` in a temporary folder named after the benchmark),
 * then closes it and removes the folder, whether `run` succeeded or not.
 */
export async function withSqliteBenchDatabase<T>(name: string, run: (orm: MikroORM, dbPath: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(path.join(os.tmpdir(), `auralis-bench-${name}-`));
  const dbPath = path.join(dir, 'bench.db');
  const orm = await createOrm({ dbPath });
  try {
    await migrateToLatest(orm);
    return await run(orm, dbPath);
  } finally {
    await orm.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
