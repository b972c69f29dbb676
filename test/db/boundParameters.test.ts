/**
 * Issue 8 item 2: every value reaches the database as a bound parameter, never inside the SQL text.
 * MikroORM 7's `em.execute` / flush inline parameters into the SQL text, so a NUL byte in a tag ended the
 * statement (`unrecognized token`) and 1e200 became the identifier `Infinity`. The repositories run on
 * Kysely (server/db/sql.ts); these tests read the SQL text MikroORM's query logger receives.
 */
import { utimesSync } from 'node:fs';
import path from 'node:path';
import type { MikroORM } from '@mikro-orm/sql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encode } from '../../fixtures/encode.ts';
import { musicMix } from '../../fixtures/musicMix.ts';
import { openDatabase } from '../../server/db/createOrm.ts';
import { FingerprintRepository } from '../../server/db/FingerprintRepository.ts';
import { TrackRepository } from '../../server/db/TrackRepository.ts';
import { storedValue } from '../../server/fingerprint/dimensions.ts';
import { scanLibrary } from '../../server/library/scanner.ts';
import { flacWithComments, scratchDir } from '../extraction/files.ts';
import { createHarness, type Harness } from '../graphql/harness.ts';
import { POSTGRES_NUL_REPLACEMENT } from '../../server/db/sql.ts';
import { freshDatabaseUrl, testEngine } from '../support/testDatabase.ts';

/** `text` as the test engine stores it: SQLite keeps a NUL, PostgreSQL's text cannot and holds U+FFFD (sql.ts). */
const asStored = (text: string) => (testEngine() === 'postgresql' ? text.replaceAll('\u0000', POSTGRES_NUL_REPLACEMENT) : text);
import { sql, syntheticValues, tempDir } from './helpers.ts';

describe('values are bound, never spliced into SQL text', () => {
  const db = tempDir('auralis-bound-');
  let orm: MikroORM;
  /** SQL text of every statement, as MikroORM's query logger receives it. */
  const logged: string[] = [];

  beforeAll(async () => {
    orm = await openDatabase({
      dbPath: await freshDatabaseUrl(db.file('library.db')),
      overrides: { debug: ['query'], colors: false, logger: (message: string) => logged.push(message) },
    });
  });
  afterAll(async () => {
    await orm.close();
    db.cleanup();
  });

  it('repository writes of strings with a NUL byte and of extreme numbers: stored (values as f32), absent from the SQL text', async () => {
    const marker = 'Ba\u0000ttle-marker-7f3a';
    const tracks = new TrackRepository(orm.em.fork());
    logged.length = 0;
    const track = await tracks.add({ path: '/music/bound/a.flac', title: marker, album: "O'Brien; drop table tracks" });
    await tracks.update(track.id, { artist: marker });
    await tracks.setStatus(track.id, 'FAILED', `\`${marker}\`: could not decode`);
    expect((await tracks.getById(track.id))?.lastError).toBe(asStored(`\`${marker}\`: could not decode`));
    const extreme = 123.456_789_012_345;
    // Both inside their valid ranges (dimensions.ts); 1e200 is refused before SQL since the ranges exist.
    const fastest = 287.654_321_098_765;
    const values = { ...syntheticValues(1), lufs: extreme, tempoBpm: fastest };
    await new FingerprintRepository(orm.em.fork()).upsert({ trackId: track.id, values });
    const found = await tracks.page({ search: marker }, { field: 'title', direction: 'asc' }, { first: 5 });
    expect(found.nodes.map((t) => t.id)).toEqual([track.id]);
    await tracks.page({ search: marker }, { field: 'title', direction: 'asc' }, { first: 5, after: { id: 0, value: marker } });

    const text = logged.join('\n');
    expect(logged.filter((s) => /insert into|update/i.test(s)).length).toBeGreaterThanOrEqual(4);
    expect(text).not.toContain('marker-7f3a');
    expect(text).not.toContain("O'Brien");
    expect(text).not.toContain('123.456789012345');
    expect(text).not.toContain('287.654321098765');
    expect(text).not.toContain(String(storedValue(extreme)));

    const [row] = await sql<{ title: string; artist: string; album: string }>(orm, 'select title, artist, album from tracks where id = ?', [
      track.id,
    ]);
    expect(row).toEqual({ title: asStored(marker), artist: asStored(marker), album: "O'Brien; drop table tracks" });
    const stored = await new FingerprintRepository(orm.em.fork()).getByTrackId(track.id);
    // Stored as 32-bit floats (storedValue), through bound parameters.
    expect(stored!.lufs).toBe(storedValue(extreme));
    expect(stored!.tempoBpm).toBe(storedValue(fastest));
  });

  it('a scan over a file whose album tag holds a NUL byte completes, stores the file, and a rescan works', async () => {
    const library = scratchDir('auralis-bound-library-');
    try {
      const source = await encode(musicMix({ seconds: 3, seed: 31 }), { format: 'flac', name: 'bound-nul' });
      const file = flacWithComments(source, path.join(library.dir, 'nul.flac'), { ALBUM: 'Ba\u0000ttle', TITLE: 'Nul' });
      const first = await scanLibrary(orm, [library.dir]);
      expect(first).toMatchObject({ files: 1, added: 1, warnings: 0 });
      const stored = await new TrackRepository(orm.em.fork()).getByPath(file);
      expect(stored).toMatchObject({ album: asStored('Ba\u0000ttle'), title: 'Nul' });
      utimesSync(file, new Date(), new Date(Date.now() + 5_000));
      const second = await scanLibrary(orm, [library.dir]);
      expect(second).toMatchObject({ files: 1, added: 0, updated: 1 });
      expect((await new TrackRepository(orm.em.fork()).getByPath(file))?.id).toBe(stored!.id);
    } finally {
      library.cleanup();
    }
  });
});

describe('updateTrack with a NUL byte (GraphQL)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness();
  });
  afterAll(() => h.close());

  it('succeeds and stores the title without control characters', async () => {
    const track = await new TrackRepository(h.orm.em.fork()).add({ path: path.join(h.libraryRoot, 'x.flac'), title: 'old' });
    const id = Buffer.from(`Track:${track.id}`).toString('base64');
    const { result, statements } = await h.countQueries(() =>
      h.gql('mutation ($id: ID!, $title: String) { updateTrack(id: $id, input: { title: $title }) { track { title } userErrors { code message } } }', {
        id,
        title: 'a\u0000b\u0007c-marker',
      }),
    );
    expect(result.errors).toBeUndefined();
    expect(result.data?.updateTrack).toEqual({ track: { title: 'abc-marker' }, userErrors: [] });
    expect(statements.join('\n')).not.toContain('c-marker');
    expect(h.loggedErrors).toEqual([]);
  });
});
