import { realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { AuralisError } from '../errors.ts';

/** A path given to a mutation resolves (after `realpath`) outside every configured library root. */
export class PathOutsideLibraryError extends AuralisError {
  constructor(received: string, resolved: string, roots: readonly string[], field: readonly string[]) {
    const where = roots.length === 0 ? 'no AURALIS_LIBRARY_ROOTS are configured' : `roots: ${roots.join(', ')}`;
    const detail = resolved === received ? '' : ` (resolves to \`${resolved}\`)`;
    super('PATH_OUTSIDE_LIBRARY', `\`${received}\`${detail}: expected a file inside the library roots; ${where}`, {
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
 * @param roots absolute library roots (`AURALIS_LIBRARY_ROOTS`); with none configured every path is refused.
 * @param field the input field named in the error (`userErrors.field`).
 */
export async function resolveLibraryPath(
  candidate: string,
  roots: readonly string[],
  field: readonly string[] = ['path'],
): Promise<string> {
  if (typeof candidate !== 'string' || candidate.trim() === '' || candidate.includes('\0')) {
    throw new AuralisError('INVALID_PATH', `expected a non-empty file path, received ${JSON.stringify(candidate)}`, {
      field,
    });
  }
  const resolvedRoots = await realRoots(roots);
  const absolute = path.resolve(resolvedRoots[0] ?? process.cwd(), candidate);
  let resolved: string;
  try {
    resolved = await realpath(absolute);
  } catch (error) {
    // Do not reveal whether a file outside the roots exists: check the lexical path first.
    if (!resolvedRoots.some((root) => isInside(absolute, root))) {
      throw new PathOutsideLibraryError(candidate, absolute, roots, field);
    }
    throw new LibraryFileMissingError('FILE_NOT_FOUND', candidate, `but it does not exist (${(error as NodeJS.ErrnoException).code})`, field);
  }
  if (!resolvedRoots.some((root) => isInside(resolved, root))) {
    throw new PathOutsideLibraryError(candidate, resolved, roots, field);
  }
  const info = await stat(resolved);
  if (!info.isFile()) throw new LibraryFileMissingError('NOT_A_FILE', candidate, 'but it is not a regular file', field);
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
