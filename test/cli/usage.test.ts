/**
 * Usage errors exit with code 2 everywhere, commander's own (unknown command or option, missing argument,
 * invalid value) and the commands' (`serve --port`, `migrate sideways`); help and version exit 0.
 */
import { describe, expect, test } from 'vitest';
import { runAuralis } from './runCli.ts';

describe('usage errors exit 2', () => {
  test.each([
    { args: ['bogus'], stderr: /^error: unknown command 'bogus'/ },
    { args: [], stderr: /^Usage: auralis \[options\] \[command\]/ },
    { args: ['fingerprint', '--bogus', 'song.mp3'], stderr: /^error: unknown option '--bogus'/ },
    { args: ['scan', '--bogus', '/tmp'], stderr: /^error: unknown option '--bogus'/ },
    { args: ['fingerprint'], stderr: /^error: missing required argument 'file'/ },
    { args: ['similar'], stderr: /^error: missing required argument 'trackIdOrPath'/ },
    { args: ['similar', '1', '-n', 'abc'], stderr: /^error: option '-n, --first <count>' argument 'abc' is invalid\. expected an integer from 1 to 500, received "abc"/ },
    { args: ['scan', '/tmp', '--workers', '0'], stderr: /^error: option '--workers <n>' argument '0' is invalid\. expected a positive integer, received "0"/ },
    { args: ['extract', '--workers', 'many'], stderr: /^error: option '--workers <n>' argument 'many' is invalid/ },
    { args: ['serve', '--port', 'abc'], stderr: /^error: option '--port <port>' argument 'abc' is invalid\. expected an integer 0…65535, received "abc"/ },
    { args: ['migrate', 'sideways'], stderr: /^auralis migrate: expected one of up, down, status, received "sideways"/ },
  ])('auralis $args', async ({ args, stderr }) => {
    const run = await runAuralis(args);
    expect(run.stderr).toMatch(stderr);
    expect(run.code).toBe(2);
  });
});

describe('help and version exit 0', () => {
  test.each([['--help'], ['fingerprint', '--help'], ['help', 'scan']])('auralis %s', async (...args) => {
    const run = await runAuralis(args);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Usage: auralis/);
  });

  test('auralis --version', async () => {
    const run = await runAuralis(['--version']);
    expect(run).toEqual({ code: 0, stdout: '0.1.0\n', stderr: '' });
  });
});
