/** resolveLibraryPath on a real file tree: inside, `..`, symlinks in and out, sibling prefixes, no roots. */
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { isInside, resolveLibraryFolder, resolveLibraryPath } from '../../server/library/pathGuard.ts';

let base: string;
let root: string;

beforeAll(async () => {
  base = await mkdtemp(path.join(tmpdir(), 'auralis-guard-'));
  root = path.join(base, 'music');
  await mkdir(path.join(root, 'album'), { recursive: true });
  await mkdir(path.join(base, 'music2'));
  await writeFile(path.join(root, 'album', 'song.flac'), 'x');
  await writeFile(path.join(base, 'music2', 'other.flac'), 'x');
  await writeFile(path.join(base, 'secret.txt'), 'x');
  await symlink(path.join(root, 'album', 'song.flac'), path.join(root, 'alias.flac'));
  await symlink(path.join(base, 'secret.txt'), path.join(root, 'escape.flac'));
  await symlink(base, path.join(root, 'up'));
});
afterAll(() => rm(base, { recursive: true, force: true }));

async function codeOf(candidate: string, roots: string[] = [root]): Promise<string> {
  return resolveLibraryPath(candidate, roots).then(
    () => 'OK',
    (error: { code: string }) => error.code,
  );
}

describe('resolveLibraryPath', () => {
  test('a file inside the root resolves to its real path; relative paths start at the first root', async () => {
    expect(await resolveLibraryPath(path.join(root, 'album', 'song.flac'), [root])).toBe(path.join(root, 'album', 'song.flac'));
    expect(await resolveLibraryPath('album/song.flac', [root])).toBe(path.join(root, 'album', 'song.flac'));
    expect(await resolveLibraryPath(path.join(root, 'album', '..', 'album', 'song.flac'), [root])).toBe(path.join(root, 'album', 'song.flac'));
  });

  test('a symlink that stays inside the root resolves to its target', async () => {
    expect(await resolveLibraryPath(path.join(root, 'alias.flac'), [root])).toBe(path.join(root, 'album', 'song.flac'));
  });

  test('`..`, absolute paths elsewhere and a sibling folder sharing the prefix are outside', async () => {
    expect(await codeOf(path.join(root, '..', 'secret.txt'))).toBe('PATH_OUTSIDE_LIBRARY');
    expect(await codeOf('../secret.txt')).toBe('PATH_OUTSIDE_LIBRARY');
    expect(await codeOf('/etc/passwd')).toBe('PATH_OUTSIDE_LIBRARY');
    expect(await codeOf(path.join(base, 'music2', 'other.flac'))).toBe('PATH_OUTSIDE_LIBRARY');
  });

  test('symlinks leading out of the root (a file, or a folder on the way) are outside', async () => {
    expect(await codeOf(path.join(root, 'escape.flac'))).toBe('PATH_OUTSIDE_LIBRARY');
    expect(await codeOf(path.join(root, 'up', 'secret.txt'))).toBe('PATH_OUTSIDE_LIBRARY');
    const error = (await resolveLibraryPath(path.join(root, 'escape.flac'), [root]).then(() => undefined, (e: unknown) => e)) as Error;
    expect(error.message).toBe(
      `\`${path.join(root, 'escape.flac')}\` (resolves to \`${path.join(base, 'secret.txt')}\`): expected a file inside the library roots; roots: ${root}`,
    );
  });

  test('a missing file outside the roots is PATH_OUTSIDE_LIBRARY, inside FILE_NOT_FOUND; a folder NOT_A_FILE', async () => {
    expect(await codeOf(path.join(base, 'nothing.flac'))).toBe('PATH_OUTSIDE_LIBRARY');
    expect(await codeOf(path.join(root, 'nothing.flac'))).toBe('FILE_NOT_FOUND');
    expect(await codeOf(path.join(root, 'album'))).toBe('NOT_A_FILE');
  });

  test('with no roots configured every path is refused; empty and NUL paths are INVALID_PATH', async () => {
    expect(await codeOf(path.join(root, 'album', 'song.flac'), [])).toBe('PATH_OUTSIDE_LIBRARY');
    const error = (await resolveLibraryPath(path.join(root, 'album', 'song.flac'), []).then(() => undefined, (e: unknown) => e)) as Error;
    expect(error.message).toContain('no AURALIS_LIBRARY_ROOTS are configured');
    expect(await codeOf('')).toBe('INVALID_PATH');
    expect(await codeOf('a\0b.flac')).toBe('INVALID_PATH');
  });

  test('several roots: a file in any of them is accepted', async () => {
    expect(await codeOf(path.join(base, 'music2', 'other.flac'), [root, path.join(base, 'music2')])).toBe('OK');
  });
});

describe('resolveLibraryFolder', () => {
  const folderCode = (candidate: string, roots: string[] = [root]) =>
    resolveLibraryFolder(candidate, roots).then(
      () => 'OK',
      (error: { code: string }) => error.code,
    );

  test('a root itself and a folder below it resolve; relative paths start at the first root', async () => {
    expect(await resolveLibraryFolder(root, [root])).toBe(root);
    expect(await resolveLibraryFolder('album', [root])).toBe(path.join(root, 'album'));
  });

  test('`..`, a symlink leading out and a sibling prefix are PATH_OUTSIDE_LIBRARY, saying "folder"', async () => {
    expect(await folderCode(path.join(root, '..'))).toBe('PATH_OUTSIDE_LIBRARY');
    expect(await folderCode(path.join(root, 'up'))).toBe('PATH_OUTSIDE_LIBRARY');
    expect(await folderCode(path.join(base, 'music2'))).toBe('PATH_OUTSIDE_LIBRARY');
    expect(await folderCode(path.join(base, 'nowhere'))).toBe('PATH_OUTSIDE_LIBRARY');
    const error = (await resolveLibraryFolder(base, [root]).then(() => undefined, (e: unknown) => e)) as Error;
    expect(error.message).toBe(`\`${base}\`: expected a folder inside the library roots; roots: ${root}`);
  });

  test('inside the roots: a missing folder is FOLDER_NOT_FOUND, a file NOT_A_DIRECTORY; no roots refuses all', async () => {
    expect(await folderCode(path.join(root, 'nothing'))).toBe('FOLDER_NOT_FOUND');
    expect(await folderCode(path.join(root, 'album', 'song.flac'))).toBe('NOT_A_DIRECTORY');
    expect(await folderCode(root, [])).toBe('PATH_OUTSIDE_LIBRARY');
    expect(await folderCode('')).toBe('INVALID_PATH');
  });
});

describe('isInside', () => {
  test('compares whole path segments', () => {
    expect(isInside('/music/a.flac', '/music')).toBe(true);
    expect(isInside('/music', '/music')).toBe(true);
    expect(isInside('/music2/a.flac', '/music')).toBe(false);
    expect(isInside('/music/..foo/a.flac', '/music')).toBe(true);
    expect(isInside('/a.flac', '/music')).toBe(false);
  });
});

describe('a function as the root source (stored roots read when needed)', () => {
  test('the roots are read on every call, so a root stored later counts', async () => {
    const roots: string[] = [];
    const source = async () => roots;
    expect(await resolveLibraryPath(path.join(root, 'album', 'song.flac'), source).catch((e: { code: string }) => e.code)).toBe(
      'PATH_OUTSIDE_LIBRARY',
    );
    roots.push(root);
    expect(await resolveLibraryPath(path.join(root, 'album', 'song.flac'), source)).toBe(path.join(root, 'album', 'song.flac'));
    expect(await resolveLibraryPath(path.join(base, 'secret.txt'), source).catch((e: { code: string }) => e.code)).toBe('PATH_OUTSIDE_LIBRARY');
  });
});
