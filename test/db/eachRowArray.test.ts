/**
 * `eachRowArray` (server/db/sql.ts): the bulk-read path of the similarity index (FingerprintRepository.getVectorMatrix).
 * Rows arrive as arrays in the order the query selects the columns, parameters stay bound (the SQL text the query logger
 * receives has placeholders only), and a statement run again with other parameters (one per keyset page) gives that
 * page's rows, on the engine under test.
 */
import type { MikroORM } from '@mikro-orm/sql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../server/db/createOrm.ts';
import { TrackRepository } from '../../server/db/TrackRepository.ts';
import { dbOf, eachRowArray } from '../../server/db/sql.ts';
import { freshDatabaseUrl } from '../support/testDatabase.ts';
import { tempDir } from './helpers.ts';

describe('eachRowArray', () => {
  const db = tempDir('auralis-row-arrays-');
  let orm: MikroORM;
  const logged: string[] = [];
  const marker = "O'Brien\u0001-marker-5d1c";

  beforeAll(async () => {
    orm = await openDatabase({
      dbPath: await freshDatabaseUrl(db.file('library.db')),
      overrides: { debug: ['query'], colors: false, logger: (message: string) => logged.push(message) },
    });
    const tracks = new TrackRepository(orm.em.fork());
    for (let i = 1; i <= 5; i++) await tracks.add({ path: `/music/rows/${i}.flac`, title: i === 3 ? marker : `title ${i}` });
  });
  afterAll(async () => {
    await orm.close();
    db.cleanup();
  });

  const page = (em: MikroORM['em'], after: number, limit: number) =>
    dbOf(em).selectFrom('tracks').select(['title', 'id', 'path']).where('id', '>', after).orderBy('id').limit(limit);

  it('gives each row as an array in select order, and the count', async () => {
    const em = orm.em.fork();
    const rows: unknown[][] = [];
    const count = await eachRowArray(em, page(em, 0, 10), (row) => rows.push([...row]));
    expect(count).toBe(5);
    expect(rows.map((row) => row.length)).toEqual([3, 3, 3, 3, 3]);
    expect(rows.map((row) => row[1])).toEqual([1, 2, 3, 4, 5]);
    expect(rows[2]).toEqual([marker, 3, '/music/rows/3.flac']);
  });

  it('runs the same statement again with other parameters (keyset pages)', async () => {
    const em = orm.em.fork();
    const ids: number[] = [];
    for (let after = 0; ; ) {
      const count = await eachRowArray(em, page(em, after, 2), (row) => {
        ids.push(row[1] as number);
      });
      if (count < 2) break;
      after = ids.at(-1)!;
    }
    expect(ids).toEqual([1, 2, 3, 4, 5]);
  });

  it('binds parameters: a filter value is absent from the logged SQL text', async () => {
    const em = orm.em.fork();
    logged.length = 0;
    const titles: unknown[] = [];
    const query = dbOf(em).selectFrom('tracks').select(['title']).where('title', '=', marker);
    expect(await eachRowArray(em, query, (row) => titles.push(row[0]))).toBe(1);
    expect(titles).toEqual([marker]);
    const text = logged.join('\n');
    expect(text).toMatch(/select/i);
    expect(text).not.toContain('marker-5d1c');
  });
});
