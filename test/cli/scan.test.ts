import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../server/db/createOrm.ts';
import { encode } from '../../fixtures/encode.ts';
import { sine } from '../../fixtures/pcm.ts';
import { sql, tempDir } from '../db/helpers.ts';
import { corruptFile, goodTrack, scratchDir, zeroByteFile } from '../extraction/files.ts';
import { freshDatabaseUrl } from '../support/testDatabase.ts';
import { AURALIS_BIN, runAuralis } from './runCli.ts';

/** Runs the real CLI with stdout piped (not a TTY), 2 worker threads. */
const auralis = (...args: string[]) => runAuralis(args, { AURALIS_WORKERS: '2' });

describe('auralis scan / extract (piped output)', () => {
  const library = scratchDir('auralis-cli-library-');
  const db = tempDir('auralis-cli-db-');
  /** The `--db` setting on the test engine: an SQLite file, or a PostgreSQL URL. */
  let dbFile: string;
  beforeAll(async () => {
    dbFile = await freshDatabaseUrl(db.file('library.db'));
  });
  afterAll(() => {
    library.cleanup();
    db.cleanup();
  });

  it('scan adds the files, extracts them, prints plain lines (no escape codes) and a summary; bad files do not fail the command', async () => {
    mkdirSync(path.join(library.dir, 'a'));
    copyFileSync(await goodTrack(81), path.join(library.dir, 'a', 'one.mp3'));
    copyFileSync(await goodTrack(82), path.join(library.dir, 'a', 'two.mp3'));
    corruptFile(library.dir, 'bad.mp3');
    zeroByteFile(library.dir, 'empty.flac');
    const run = await auralis('scan', library.dir, '--db', dbFile);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).not.toMatch(/\u001b/); // no terminal control sequences when piped
    const lines = run.stdout.trim().split('\n');
    // empty.flac is added without tags: one WARNING line, one warning in the summary.
    expect(lines).toContain('scanned 4 files: 4 added, 0 updated (0 stale), 0 unchanged, 1 warnings');
    expect(lines.filter((l) => /^\[\d\/4\] OK /.test(l))).toHaveLength(2);
    const failed = lines.filter((l) => /^\[\d\/4\] FAILED /.test(l));
    expect(failed).toHaveLength(2);
    expect(failed.join('\n')).toMatch(/bad\.mp3.*\[[A-Z_]+\]/);
    expect(failed.join('\n')).toMatch(/empty\.flac.*\[[A-Z_]+\]/);
    expect(lines.at(-1)).toMatch(/^extracted 4 of 4 files: 2 succeeded, 2 failed, 0 skipped in \d+\.\d s \(\d+\.\d files\/s\)$/);

    const orm = await openDatabase({ dbPath: dbFile });
    try {
      const rows = await sql<{ path: string; fingerprint_status: string; last_error: string | null }>(
        orm,
        'select path, fingerprint_status, last_error from tracks order by path',
      );
      expect(rows.map((r) => [path.relative(library.dir, r.path), r.fingerprint_status])).toEqual([
        ['a/one.mp3', 'CURRENT'],
        ['a/two.mp3', 'CURRENT'],
        ['bad.mp3', 'FAILED'],
        ['empty.flac', 'FAILED'],
      ]);
    } finally {
      await orm.close();
    }
  });

  it('a second scan skips the unchanged files and has nothing to extract', async () => {
    const run = await auralis('scan', library.dir, '--db', dbFile);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('scanned 4 files: 0 added, 0 updated (0 stale), 4 unchanged, 0 warnings');
    expect(run.stdout).not.toMatch(/^\[\d\/\d\]/m);
  });

  it('--no-extract only adds tracks; extract --missing analyses them, extract --all re-analyses every track', async () => {
    copyFileSync(await goodTrack(83), path.join(library.dir, 'three.mp3'));
    const scan = await auralis('scan', library.dir, '--db', dbFile, '--no-extract');
    expect(scan.code).toBe(0);
    expect(scan.stdout).toContain('1 added');
    expect(scan.stdout).not.toContain('extracted');
    const missing = await auralis('extract', '--missing', '--db', dbFile);
    expect(missing.code).toBe(0);
    // The failed files have no fingerprint row either, so MISSING retries them.
    expect(missing.stdout.trim().split('\n').at(-1)).toMatch(/^extracted 3 of 3 files: 1 succeeded, 2 failed/);
    const all = await auralis('extract', '--all', '--db', dbFile);
    expect(all.stdout.trim().split('\n').at(-1)).toMatch(/^extracted 5 of 5 files: 3 succeeded, 2 failed/);
    const stale = await auralis('extract', '--stale', '--db', dbFile);
    expect(stale.stdout.trim().split('\n').at(-1)).toMatch(/^extracted 0 of 0 files/);
  });

  it('exit code 1 with one line on stderr for a fatal error; 2 for contradictory flags', async () => {
    const missingRoot = await auralis('scan', path.join(library.dir, 'no-such-folder'), '--db', dbFile);
    expect(missingRoot.code).toBe(1);
    expect(missingRoot.stderr.trim().split('\n')).toHaveLength(1);
    expect(missingRoot.stderr).toMatch(/no-such-folder.*expected a folder to scan.*\[SCAN_ROOT_NOT_FOUND\]/);
    const both = await auralis('extract', '--all', '--stale', '--db', dbFile);
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/expected at most one of --missing, --stale, --all/);
  });

  it('--fail-after 1 stops the extraction after the first failure', async () => {
    const run = await auralis('extract', '--missing', '--db', dbFile, '--fail-after', '1', '--workers', '1');
    expect(run.code).toBe(0);
    expect(run.stdout.trim().split('\n').at(-1)).toMatch(/^extracted 1 of 2 files: 0 succeeded, 1 failed.*stopped by the failure policy, 1 not analysed$/);
  });

  it('Ctrl-C (SIGINT) stops cleanly: exit code 130, a summary saying so, unreached files stay MISSING, none FAILED', async () => {
    const other = scratchDir('auralis-cli-sigint-');
    const otherDb = await freshDatabaseUrl(path.join(other.dir, 'sigint.db'));
    try {
      for (const [i, seed] of [84, 85, 86, 87].entries()) copyFileSync(await goodTrack(seed, 90), path.join(other.dir, `long-${i}.mp3`));
      const child = spawn(process.execPath, [AURALIS_BIN, 'scan', other.dir, '--db', otherDb, '--workers', '1'], {
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      child.stdout.setEncoding('utf8');
      child.stdout.on('data', (text: string) => {
        stdout += text;
        // Interrupt as soon as the first file is done.
        if (/^\[1\/4\]/m.test(stdout) && !child.killed) child.kill('SIGINT');
      });
      const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
      expect(code).toBe(130);
      const last = stdout.trim().split('\n').at(-1)!;
      expect(last).toMatch(/^extracted \d of 4 files: .*; cancelled, \d not analysed$/);
      const orm = await openDatabase({ dbPath: otherDb });
      try {
        const rows = await sql<{ fingerprint_status: string }>(orm, 'select fingerprint_status from tracks');
        expect(rows).toHaveLength(4);
        expect(rows.some((r) => r.fingerprint_status === 'FAILED')).toBe(false);
        const current = rows.filter((r) => r.fingerprint_status === 'CURRENT').length;
        expect(current).toBeGreaterThanOrEqual(1);
        expect(current).toBeLessThan(4);
        expect(rows.filter((r) => r.fingerprint_status === 'MISSING')).toHaveLength(4 - current);
      } finally {
        await orm.close();
      }
    } finally {
      other.cleanup();
    }
  });
});

describe('auralis scan: hostile file names and the warning count (piped output)', () => {
  const library = scratchDir('auralis-cli-names-');
  const db = tempDir('auralis-cli-names-db-');
  afterAll(() => {
    library.cleanup();
    db.cleanup();
  });

  it('escapes control characters of file names in every line (ADDED, OK, FAILED, WARNING), and counts tag warnings', async () => {
    const hostile = 'a\nb\u001b[31m.wav';
    copyFileSync(await encode(sine(440, 3, { amplitude: 0.5 }), { format: 'wav16' }), path.join(library.dir, hostile));
    zeroByteFile(library.dir, 'bad\u001b[2J.flac');
    const run = await auralis('scan', library.dir, '--db', await freshDatabaseUrl(db.file('names.db')));
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).not.toMatch(/\u001b/);
    const lines = run.stdout.trim().split('\n');
    const escaped = 'a\\nb\\x1b[31m.wav';
    expect(lines).toContain(`ADDED ${path.join(library.dir, escaped)}`);
    expect(run.stdout).toMatch(/^\[\d\/2\] OK .*\/a\\nb\\x1b\[31m\.wav$/m);
    expect(run.stdout).toMatch(/^WARNING .*bad\\x1b\[2J\.flac/m);
    expect(run.stdout).toMatch(/^\[\d\/2\] FAILED .*bad\\x1b\[2J\.flac/m);
    // Every line is a whole record: none starts with a fragment of a split name.
    for (const line of lines) expect(line).toMatch(/^(ADDED|WARNING|scanned|\[\d\/2\]|extracted) /);
    // The unreadable file's tag warning is counted in the summary.
    expect(lines).toContain('scanned 2 files: 2 added, 0 updated (0 stale), 0 unchanged, 1 warnings');
  });
});
