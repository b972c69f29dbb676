import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MikroORM } from '@mikro-orm/sql';
import { seededRandom } from '../../fixtures/random.ts';
import { MixService } from '../../server/similarity/mix.ts';
import { PathService } from '../../server/similarity/sonicPath.ts';
import { runAuralis } from '../cli/runCli.ts';
import { addTracks, openLibrary, valuesAt } from './helpers.ts';

const auralis = (...args: string[]) => runAuralis(args, { AURALIS_DB: '' });

describe('auralis path / auralis mix', () => {
  let orm: MikroORM;
  let close: () => Promise<void>;
  let dbPath: string;
  let ids: number[];

  beforeAll(async () => {
    ({ orm, close, dbUrl: dbPath } = await openLibrary());
    const next = seededRandom(31);
    ids = await addTracks(orm, Array.from({ length: 40 }, () => valuesAt(() => next())));
  }, 60_000);
  afterAll(async () => close());

  it('path: the service’s path as JSON and as a table', async () => {
    const expected = await new PathService(orm.em.fork()).sonicPath(ids[0]!, ids[1]!, { count: 6, via: [ids[2]!] });
    const json = await auralis('path', String(ids[0]), String(ids[1]), '-n', '6', '--via', String(ids[2]), '--json', '--db', dbPath);
    expect(json.stderr).toBe('');
    expect(json.code).toBe(0);
    const report = JSON.parse(json.stdout);
    expect(report.steps.map((s: any) => s.trackId)).toEqual(expected.map((s) => s.trackId));
    const table = await auralis('path', String(ids[0]), String(ids[1]), '-n', '6', '--db', dbPath);
    expect(table.code).toBe(0);
    const lines = table.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe(`Path from track ${ids[0]} to track ${ids[1]}: 6 tracks (similarity to previous, to start)`);
    expect(lines).toHaveLength(7);
    expect(lines[1]).toContain(`#${ids[0]}`);
    expect(lines[6]).toContain(`#${ids[1]}`);
  });

  it('mix: the service’s mix as JSON and as a table', async () => {
    const expected = await new MixService(orm.em.fork()).mix([ids[3]!, ids[4]!], { count: 8 });
    const json = await auralis('mix', String(ids[3]), String(ids[4]), '-n', '8', '--json', '--db', dbPath);
    expect(json.stderr).toBe('');
    expect(JSON.parse(json.stdout).tracks.map((m: any) => m.trackId)).toEqual(expected.map((m) => m.trackId));
    const table = await auralis('mix', String(ids[3]), String(ids[4]), '-n', '8', '--db', dbPath);
    expect(table.code).toBe(0);
    expect(table.stdout.trimEnd().split('\n')).toHaveLength(9);
  });

  it('usage errors exit 2; named errors exit 1 with one line', async () => {
    for (const args of [
      ['path', String(ids[0])],
      ['path', 'x', String(ids[1])],
      ['path', String(ids[0]), String(ids[1]), '-n', '1'],
      ['path', String(ids[0]), String(ids[1]), '--via', 'y'],
      ['mix'],
      ['mix', String(ids[0]), '-n', '0'],
      ['mix', String(ids[0]), '--max-per-artist', '0'],
    ]) {
      const run = await auralis(...args, '--db', dbPath);
      expect(run.code, args.join(' ')).toBe(2);
    }
    expect(await auralis('path', String(ids[0]), String(ids[0]), '--db', dbPath)).toMatchObject({
      code: 1,
      stdout: '',
      stderr: expect.stringMatching(/^auralis path: .*\[INVALID_PATH\]\n$/),
    });
    expect(await auralis('mix', '999999', '--db', dbPath)).toMatchObject({
      code: 1,
      stderr: 'auralis mix: track 999999: not found [TRACK_NOT_FOUND]\n',
    });
  });
});
