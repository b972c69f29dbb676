import { realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { AuralisError } from '../errors.ts';

/**
 * The library roots a guard checks against: a fixed list, or a function that reads them when needed (the
 * server's union of AURALIS_LIBRARY_ROOTS and the roots stored by `auralis scan`, which can change while
 * it runs; server/library/libraryRoots.ts).
 */
export type LibraryRootSource = readonly string[] | (() => Promise<readonly string[]>);

/** The roots of a source, now. */
export function rootsOf(source: LibraryRootSource): Promise<readonly string[]> {
  return typeof source === 'function' ? source() : Promise.resolve(source);
}

/**
 * No library root is known (none stored by `auralis scan`, no AURALIS_LIBRARY_ROOTS): a configuration
 * error, refused before any track is touched. Code `NO_LIBRARY_ROOTS`.
 */
export class NoLibraryRootsError extends AuralisError {
  constructor(field: readonly string[] = []) {
    super(
      'NO_LIBRARY_ROOTS',
      'expected at least one library root (run `auralis scan <folder>` on this database, or set AURALIS_LIBRARY_ROOTS), found none; no track was changed',
      field.length > 0 ? { field } : {},
    );
  }
}

/** A path given to a mutation resolves (after `realpath`) outside every library root. */
export class PathOutsideLibraryError extends AuralisError {
  constructor(received: string, resolved: string, roots: readonly string[], field: readonly string[], what: 'file' | 'folder' = 'file') {
    const where =
      roots.length === 0
        ? 'no library roots are known: none stored by `auralis scan`, and no AURALIS_LIBRARY_ROOTS are configured'
        : `roots: ${roots.join(', ')}`;
    const detail = resolved === received ? '' : ` (resolves to \`${resolved}\`)`;
    super('PATH_OUTSIDE_LIBRARY', `\`${received}\`${detail}: expected a ${what} inside the library roots; ${where}`, {
      field,
    });
  }
}

/** Inside the roots, but the path does not exist (FILE_NOT_FOUND) or is not a regular file (NOT_A_FILE). */
export class LibraryFileMissingError extends AuralisError {
  constructor(code: 'FILE_NOT_FOUND' | 'NOT_A_FILE', received: string, reason: string, field: readonly string[]) {
    super(code, `\`${received}\`: expected an existing audio file, ${reason}`, { field });
  }
}

/**
 * Resolves `candidate` (absolute, or relative to the first root) with `realpath` — which follows every symlink
 * and removes `..` — and returns it only when it lies inside one of the roots (themselves realpath-ed), so that
 * neither `..` segments nor a symlink inside a root can reach a file outside it.
 *
 * @param source absolute library roots (stored by `auralis scan` and `AURALIS_LIBRARY_ROOTS`), or a function
 *   giving them; with none every path is refused (PATH_OUTSIDE_LIBRARY).
 * @param field the input field named in the error (`userErrors.field`).
 */
export async function resolveLibraryPath(
  candidate: string,
  source: LibraryRootSource,
  field: readonly string[] = ['path'],
): Promise<string> {
  const resolved = await resolveInsideRoots(candidate, source, field, 'file', (error) => {
    throw new LibraryFileMissingError('FILE_NOT_FOUND', candidate, `but it does not exist (${error.code})`, field);
  });
  const info = await stat(resolved);
  if (!info.isFile()) throw new LibraryFileMissingError('NOT_A_FILE', candidate, 'but it is not a regular file', field);
  return resolved;
}

/** Inside the roots, but the folder does not exist (FOLDER_NOT_FOUND) or is a file (NOT_A_DIRECTORY). */
export class LibraryFolderMissingError extends AuralisError {
  constructor(code: 'FOLDER_NOT_FOUND' | 'NOT_A_DIRECTORY', received: string, reason: string, field: readonly string[]) {
    super(code, `\`${received}\`: expected an existing folder, ${reason}`, { field });
  }
}

/**
 * resolveLibraryPath for a folder: a library root itself or a folder below one, after `realpath` (so no `..`
 * or symlink escape). PATH_OUTSIDE_LIBRARY outside every root, FOLDER_NOT_FOUND / NOT_A_DIRECTORY inside.
 */
export async function resolveLibraryFolder(
  candidate: string,
  source: LibraryRootSource,
  field: readonly string[] = ['path'],
): Promise<string> {
  const resolved = await resolveInsideRoots(candidate, source, field, 'folder', (error) => {
    throw new LibraryFolderMissingError('FOLDER_NOT_FOUND', candidate, `but it does not exist (${error.code})`, field);
  });
  if (!(await stat(resolved)).isDirectory()) throw new LibraryFolderMissingError('NOT_A_DIRECTORY', candidate, 'but it is a file', field);
  return resolved;
}

/**
 * The realpath of `candidate` (absolute, or relative to the first root) when it lies inside a root; `missing`
 * is called when it is lexically inside but does not exist (outside, its existence is never revealed).
 */
async function resolveInsideRoots(
  candidate: string,
  source: LibraryRootSource,
  field: readonly string[],
  what: 'file' | 'folder',
  missing: (error: NodeJS.ErrnoException) => never,
): Promise<string> {
  if (typeof candidate !== 'string' || candidate.trim() === '' || candidate.includes('\0')) {
    throw new AuralisError('INVALID_PATH', `expected a non-empty ${what} path, received ${JSON.stringify(candidate)}`, {
      field,
    });
  }
  const roots = await rootsOf(source);
  const resolvedRoots = await realRoots(roots);
  const absolute = path.resolve(resolvedRoots[0] ?? process.cwd(), candidate);
  let resolved: string;
  try {
    resolved = await realpath(absolute);
  } catch (error) {
    // Do not reveal whether a path outside the roots exists: check the lexical path first.
    if (!resolvedRoots.some((root) => isInside(absolute, root))) {
      throw new PathOutsideLibraryError(candidate, absolute, roots, field, what);
    }
    return missing(error as NodeJS.ErrnoException);
  }
  if (!resolvedRoots.some((root) => isInside(resolved, root))) {
    throw new PathOutsideLibraryError(candidate, resolved, roots, field, what);
  }
  return resolved;
}

async function realRoots(roots: readonly string[]): Promise<string[]> {
  const result: string[] = [];
  for (const root of roots) {
    try {
      result.push(await realpath(root));
    } catch {
      // A root that does not exist cannot contain anything.
    }
  }
  return result;
}

/** True when `child` is `root` itself or below it (compared per path segment, so `/music2` is not in `/music`). */
export function isInside(child: string, root: string): boolean {
  const relative = path.relative(root, child);
  return relative === '' || (relative !== '..' && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative));
}
