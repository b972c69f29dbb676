/**
 * A served library for the /rest/ tests: generated mixes (test/graphql/libraryFiles.ts) tagged as three album
 * artists with four albums, scanned and analysed for real (ffmpeg, WASM, the test engine's database), a user
 * `ann` (password) and `keyonly` (API key only), then `auralis serve`'s listen() on port 0.
 */
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { resolveFfmpegBinary } from '../../server/audio/ffmpegBinary.ts';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig, type AuralisConfig } from '../../server/config.ts';
import { openDatabase } from '../../server/db/createOrm.ts';
import { AnalysisPool } from '../../server/extraction/analysisPool.ts';
import { extractFingerprints } from '../../server/extraction/extractor.ts';
import { listen, type RunningServer } from '../../server/graphql/listen.ts';
import { scanLibrary } from '../../server/library/scanner.ts';
import { secretKeySource } from '../../server/users/secretKey.ts';
import { UserService } from '../../server/users/userService.ts';
import { mixFile } from '../graphql/libraryFiles.ts';
import { freshDatabaseUrl } from '../support/testDatabase.ts';

/** ASCII: subsonic-api's md5 reads UTF-16 code units as bytes, so a non-ASCII password's token would differ from the spec's UTF-8. */
export const PASSWORD = 'open sesame 42';
export const SECRET_KEY = '5e'.repeat(32);

/** [file, tags, mix options]: 9 tracks; "Guest" sings one track of Gamma's album. */
const FILES: readonly [string, Record<string, string>, { bpm: number; seed: number; gain: number }][] = [
  ['a1.flac', { title: 'Dawn', artist: 'Alpha Band', album: 'First Light', track: '1', disc: '1', date: '2001', genre: 'Rock' }, { bpm: 100, seed: 1, gain: 0.3 }],
  ['a2.flac', { title: 'Noon', artist: 'Alpha Band', album: 'First Light', track: '2', disc: '1', date: '2001', genre: 'Rock' }, { bpm: 104, seed: 2, gain: 0.32 }],
  ['a3.flac', { title: 'Gust', artist: 'Alpha Band', album: 'Second Wind', track: '1', date: '2005', genre: 'Rock' }, { bpm: 140, seed: 3, gain: 0.2 }],
  ['a4.flac', { title: 'Gale', artist: 'Alpha Band', album: 'Second Wind', track: '2', date: '2005', genre: 'Rock' }, { bpm: 144, seed: 4, gain: 0.22 }],
  ['b1.flac', { title: 'Indigo', artist: 'The Beta Trio', album: 'Blue', track: '1', date: '1999', genre: 'Jazz' }, { bpm: 90, seed: 5, gain: 0.1 }],
  ['b2.flac', { title: 'Navy', artist: 'The Beta Trio', album: 'Blue', track: '2', date: '1999', genre: 'Jazz' }, { bpm: 92, seed: 6, gain: 0.12 }],
  ['g1.flac', { title: 'Moss', artist: 'Gamma', album_artist: 'Gamma', album: 'Green', track: '1', date: '2010', genre: 'Electronic' }, { bpm: 128, seed: 7, gain: 0.4 }],
  ['g2.flac', { title: 'Fern', artist: 'Guest', album_artist: 'Gamma', album: 'Green', track: '2', date: '2010', genre: 'Electronic' }, { bpm: 126, seed: 8, gain: 0.38 }],
  ['g3.flac', { title: 'Lime', artist: 'Gamma', album_artist: 'Gamma', album: 'Green', track: '3', date: '2010', genre: 'Electronic' }, { bpm: 130, seed: 9, gain: 0.36 }],
];

export interface ServedLibrary {
  readonly config: AuralisConfig;
  readonly root: string;
  /** `http://127.0.0.1:<port>` */
  readonly baseUrl: string;
  readonly server: RunningServer;
  /** API key of `keyonly`. */
  readonly apiKey: string;
  /** `GET /rest/<method>` with the given parameters (token auth of `ann` unless `auth` is given). */
  rest(method: string, params?: Record<string, string | number>, auth?: Record<string, string> | null, headers?: Record<string, string>): Promise<Response>;
  close(): Promise<void>;
}

export async function serveLibrary(): Promise<ServedLibrary> {
  const dir = await mkdtemp(path.join(tmpdir(), 'auralis-subsonic-'));
  const root = path.join(dir, 'music');
  await mkdir(root);
  for (const [name, tags, mix] of FILES) await mixFile(root, name, { ...mix, seconds: 6, tags });
  // a folder picture (64 × 48 red) for getCoverArt
  execFileSync(resolveFfmpegBinary(), ['-nostdin', '-v', 'error', '-f', 'lavfi', '-i', 'color=red:s=64x48', '-frames:v', '1', path.join(root, 'cover.jpg')]);
  const config = loadConfig(
    { dbPath: await freshDatabaseUrl(path.join(dir, 'auralis.db')), host: '127.0.0.1', port: 0, libraryRoots: [root], secretKey: SECRET_KEY, serveWorker: false, apiToken: undefined },
    {},
  );
  const orm = await openDatabase({ dbPath: config.dbPath });
  let apiKey: string;
  const pool = new AnalysisPool({ workers: 2 });
  try {
    const summary = await scanLibrary(orm, [root]);
    const extraction = await extractFingerprints(orm, pool, { trackIds: summary.toExtract });
    if (extraction.succeeded !== FILES.length) throw new Error(`expected ${FILES.length} analysed tracks, got ${JSON.stringify(extraction)}`);
    const users = new UserService(orm.em.fork(), secretKeySource(config.dbPath, config.secretKey));
    await users.add('ann', PASSWORD);
    await users.add('keyonly', null);
    apiKey = await users.createApiKey('keyonly');
  } finally {
    await pool.close();
    await orm.close();
  }
  const server = await listen(config);
  const baseUrl = server.url.replace(/\/graphql$/, '');
  const { createHash, randomBytes } = await import('node:crypto');
  return {
    config,
    root,
    baseUrl,
    server,
    apiKey,
    async rest(method, params = {}, auth, headers = {}) {
      const url = new URL(`${baseUrl}/rest/${method}`);
      const salt = randomBytes(6).toString('hex');
      const credentials = auth === undefined ? { u: 'ann', t: createHash('md5').update(PASSWORD + salt).digest('hex'), s: salt } : (auth ?? {});
      for (const [key, value] of Object.entries({ v: '1.16.1', c: 'auralis-test', ...credentials, ...params })) url.searchParams.set(key, String(value));
      return fetch(url, { headers });
    },
    async close() {
      await server.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
