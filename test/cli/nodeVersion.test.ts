/**
 * The Node.js version check of bin/auralis.js: versions that cannot run .ts files without a flag get one
 * line and exit code 1, before any .ts file is imported.
 */
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, test } from 'vitest';
import { checkNodeVersion } from '../../bin/nodeVersion.js';
import { AURALIS_BIN } from './runCli.ts';

describe('checkNodeVersion', () => {
  test.each(['20.20.2', '22.16.0', '22.17.0', '23.5.0'])('%s is refused with one line naming the version', (version) => {
    expect(checkNodeVersion(version)).toBe(
      `auralis needs Node.js >= 22.18 (this is v${version}); it runs its TypeScript sources directly (type stripping). ` +
        'Install Node.js 24 LTS, e.g. `nvm install 24`',
    );
  });

  test.each(['22.18.0', '22.21.1', '23.6.0', '24.1.0', '26.0.0'])('%s runs Auralis', (version) => {
    expect(checkNodeVersion(version)).toBeNull();
  });
});

/** A Node.js binary on this machine that checkNodeVersion refuses (Debian's Node 20 at /usr/bin/node), if any. */
function findOldNode(): { path: string; version: string } | undefined {
  const candidates = new Set(['/usr/bin/node', '/usr/local/bin/node']);
  try {
    for (const line of execFileSync('which', ['-a', 'node'], { encoding: 'utf8' }).split('\n')) if (line) candidates.add(line);
  } catch {
    // `which` found none
  }
  for (const candidate of candidates) {
    try {
      const version = execFileSync(candidate, ['-p', 'process.versions.node'], { encoding: 'utf8' }).trim();
      if (checkNodeVersion(version) !== null) return { path: candidate, version };
    } catch {
      // not there or not runnable
    }
  }
  return undefined;
}

const oldNode = findOldNode();

test.skipIf(oldNode === undefined)(
  `bin/auralis.js --help under an old Node.js prints one line and exits 1 (${oldNode ? `${oldNode.path} v${oldNode.version}` : 'skipped: no Node.js older than 22.18 on this machine'})`,
  async () => {
    const failed = await promisify(execFile)(oldNode!.path, [AURALIS_BIN, '--help'], { encoding: 'utf8' }).then(
      () => undefined,
      (error: { code: number; stdout: string; stderr: string }) => error,
    );
    expect(failed?.code).toBe(1);
    expect(failed?.stdout).toBe('');
    expect(failed?.stderr).toBe(`${checkNodeVersion(oldNode!.version)}\n`);
  },
);
