/**
 * How a command reports a failure: one line `auralis <command>: <message>` on stderr (line breaks folded,
 * no stack trace unless AURALIS_DEBUG is set). The named errors already say what was expected and what
 * was received.
 */
import { isAuralisError } from '../errors.ts';
import { printable } from './printable.ts';

/** Writes `auralis <command>: <message>` as one line on stderr, plus `error`'s stack when AURALIS_DEBUG is set. */
export function writeCliError(command: string, message: string, error: unknown): void {
  process.stderr.write(`auralis ${command}: ${printable(message.replace(/\s*\n\s*/g, ' '))}\n`);
  if (process.env.AURALIS_DEBUG && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
}

/**
 * A failed `fingerprint` or `similar`: a named error as `message [CODE]`, anything else as
 * `unexpected failure: message`; exit code 1.
 */
export function reportCommandError(command: string, error: unknown): void {
  const message = isAuralisError(error)
    ? `${error.message} [${error.code}]`
    : `unexpected failure: ${error instanceof Error ? error.message : String(error)}`;
  writeCliError(command, message, error);
  process.exitCode = 1;
}
