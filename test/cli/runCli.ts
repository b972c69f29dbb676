import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

/** The real `auralis` entry point, as `npx auralis` runs it. */
export const AURALIS_BIN = fileURLToPath(new URL('../../bin/auralis.js', import.meta.url));

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs `auralis …args` in a child process with stdout piped (not a TTY), as a user's script would; `env`
 * is added to this process's environment. Returns the exit code and the output, also on failure.
 */
export async function runAuralis(args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<CliRun> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [AURALIS_BIN, ...args], {
      encoding: 'utf8',
      env: { ...process.env, ...env },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}
