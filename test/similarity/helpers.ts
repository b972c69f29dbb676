import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { MikroORM } from '@mikro-orm/sql';
import { openDatabase } from '../../server/db/createOrm.ts';
import { FingerprintRepository } from '../../server/db/FingerprintRepository.ts';
import { TrackRepository } from '../../server/db/TrackRepository.ts';
import { DIMENSIONS, type FingerprintValues } from '../../server/fingerprint/dimensions.ts';
import { freshDatabaseUrl } from '../support/testDatabase.ts';

let databases = 0;

/**
 * A fresh, migrated database on the test engine (an SQLite file in a temporary folder, or a new PostgreSQL
 * database); `dbUrl` is its setting for `--db` or a second connection; `close()` closes it and removes the folder.
 */
export async function openLibrary(): Promise<{ orm: MikroORM; dbUrl: string; close: () => Promise<void> }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'auralis-similarity-'));
  const dbUrl = await freshDatabaseUrl(path.join(dir, 'library.db'));
  const orm = await openDatabase({ dbPath: dbUrl, overrides: { contextName: `similarity-${++databases}` } });
  return {
    orm,
    dbUrl,
    close: async () => {
      await orm.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Values inside every dimension's fallback range: t ∈ [0, 1] per dimension maps to lo + t·(hi − lo),
 * so a test can place tracks in the normalised space it reasons about.
 */
export function valuesAt(t: number | ((index: number) => number)): FingerprintValues {
  return Object.fromEntries(
    DIMENSIONS.map((d, j) => {
      const u = typeof t === 'number' ? t : t(j);
      return [d.key, d.fallbackRange.lo + u * (d.fallbackRange.hi - d.fallbackRange.lo)];
    }),
  ) as FingerprintValues;
}

/** Adds one track per fingerprint (paths /music/<prefix>-<i>.flac); returns their ids in order. */
export async function addTracks(orm: MikroORM, fingerprints: readonly FingerprintValues[], prefix = 'track'): Promise<number[]> {
  const em = orm.em.fork();
  const tracks = new TrackRepository(em);
  const repo = new FingerprintRepository(em);
  const ids: number[] = [];
  for (const [i, values] of fingerprints.entries()) {
    const track = await tracks.add({ path: `/music/${prefix}-${i}.flac` });
    await repo.upsert({ trackId: track.id, values });
    ids.push(track.id);
  }
  return ids;
}

/** Adds a track without a fingerprint; returns its id. */
export async function addTrackWithoutFingerprint(orm: MikroORM, name: string): Promise<number> {
  const track = await new TrackRepository(orm.em.fork()).add({ path: `/music/${name}.flac` });
  return track.id;
}
