import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MikroORM } from '@mikro-orm/sql';
import { seededRandom } from '../../fixtures/random.ts';
import { FingerprintRepository } from '../../server/db/FingerprintRepository.ts';
import { SimilarityEdgeRepository } from '../../server/db/SimilarityEdgeRepository.ts';
import { GraphService } from '../../server/similarity/graph.ts';
import { runAuralis } from '../cli/runCli.ts';
import { addTracks, openLibrary, valuesAt } from './helpers.ts';

const auralis = (...args: string[]) => runAuralis(args, { AURALIS_DB: '' });

describe('auralis graph build / update', () => {
  let orm: MikroORM;
  let close: () => Promise<void>;
  let dbPath: string;
  let ids: number[];

  beforeAll(async () => {
    ({ orm, close, dbUrl: dbPath } = await openLibrary());
    const next = seededRandom(41);
    ids = await addTracks(orm, Array.from({ length: 600 }, () => valuesAt(() => next())));
  }, 60_000);
  afterAll(async () => close());

  it('update before any build says so', async () => {
    const result = await auralis('graph', 'update', '--db', dbPath);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toBe('graph: none built yet; run `auralis graph build`\n');
  });

  it('build: progress lines when piped, a summary, and the graph the service builds', async () => {
    const result = await auralis('graph', 'build', '--k', '4', '--db', dbPath);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines.at(-2)).toBe('graph: 600/600 tracks');
    expect(lines.filter((l) => /^graph: \d+\/600 tracks$/.test(l)).length).toBeGreaterThanOrEqual(2);
    expect(lines.at(-1)).toMatch(/^graph: k = 4, 600 tracks, 2400 edges in \d+\.\d s$/);
    const stored = await new SimilarityEdgeRepository(orm.em.fork()).all();
    await new GraphService(orm.em.fork()).build(4);
    expect(await new SimilarityEdgeRepository(orm.em.fork()).all()).toEqual(stored);
  });

  it('update applies a fingerprint change incrementally', async () => {
    await new FingerprintRepository(orm.em.fork()).upsert({ trackId: ids[5]!, values: valuesAt(0.5) });
    const result = await auralis('graph', 'update', '--db', dbPath);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toMatch(/^graph: incremental, \d+ tracks rewritten\n$/);
  });

  it('refuses a k outside 1…200 as a usage error (exit 2)', async () => {
    const result = await auralis('graph', 'build', '--k', '0', '--db', dbPath);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('expected an integer from 1 to 200, received "0"');
  });
});
