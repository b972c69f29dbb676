/**
 * Keeps web/dist in step with web/ for the browser tests and benchmarks: builds it (`vite build`, ~1 s) when it
 * is missing or older than any source file of the app. Also a vitest globalSetup, so it runs once per test run,
 * before the test files start their servers.
 */
import { execFile } from 'node:child_process';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const WEB = path.join(ROOT, 'web');
const BUILT_INDEX = path.join(WEB, 'dist', 'index.html');

/** Newest modification time (ms) of the files under `dir` (0 when it does not exist). */
async function newestMtime(dir: string): Promise<number> {
  let newest = 0;
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true, recursive: true });
  } catch {
    return 0;
  }
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    newest = Math.max(newest, (await stat(path.join(entry.parentPath, entry.name))).mtimeMs);
  }
  return newest;
}

/** True when web/dist/index.html exists and is newer than every source of the app. */
export async function webBuildIsCurrent(): Promise<boolean> {
  let built: number;
  try {
    built = (await stat(BUILT_INDEX)).mtimeMs;
  } catch {
    return false;
  }
  const sources = Math.max(
    await newestMtime(path.join(WEB, 'src')),
    await newestMtime(path.join(WEB, 'public')),
    (await stat(path.join(WEB, 'index.html'))).mtimeMs,
    (await stat(path.join(WEB, 'vite.config.ts'))).mtimeMs,
  );
  return built >= sources;
}

/** Runs `npm run build:web`'s vite build unless web/dist is current. */
export async function ensureWebBuild(): Promise<void> {
  if (await webBuildIsCurrent()) return;
  const vite = path.join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js');
  await promisify(execFile)(process.execPath, [vite, 'build', '--config', path.join(WEB, 'vite.config.ts'), '--logLevel', 'warn'], {
    cwd: ROOT,
  });
}

export default async function setup(): Promise<void> {
  await ensureWebBuild();
}
