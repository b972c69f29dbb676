/** The `auralis` commander program, assembled from the subcommand registry (commands.ts). */
import { Command, CommanderError } from 'commander';
import packageJson from '../../package.json' with { type: 'json' };
import { COMMANDS } from './commands.ts';

type CommandName = keyof typeof COMMANDS;

function isCommandName(name: string | undefined): name is CommandName {
  return name !== undefined && Object.hasOwn(COMMANDS, name);
}

/** Imports one command module and calls its `<name>Command()` factory. */
export async function loadCommand(name: CommandName): Promise<Command> {
  const module = (await COMMANDS[name]()) as Record<string, unknown>;
  const factory = module[`${name}Command`];
  if (typeof factory !== 'function') {
    throw new Error(`server/cli/${name}.ts: expected an export \`${name}Command(): Command\`, found none`);
  }
  return (factory as () => Command)();
}

/**
 * Builds the program for `argv` (process.argv shape). Only the requested subcommand's module is loaded;
 * without one (help, unknown name) every command is loaded so that help lists them all.
 */
export async function buildProgram(argv: readonly string[]): Promise<Command> {
  const program = new Command('auralis')
    .description('Fingerprint a music library by ear: 25 acoustic dimensions per track, served over GraphQL')
    .version(packageJson.version)
    .showHelpAfterError();
  const requested = argv[2];
  const names = isCommandName(requested) ? [requested] : (Object.keys(COMMANDS) as CommandName[]);
  for (const name of names) program.addCommand(await loadCommand(name));
  throwInsteadOfExit(program);
  return program;
}

/** Exit code of a usage error: unknown command or option, missing or invalid argument (as POSIX utilities). */
export const USAGE_EXIT_CODE = 2;

/**
 * commander exits with 1 on a usage error; with `exitOverride` it throws a CommanderError instead, which
 * `exitCodeOf` maps. `addCommand` does not pass the setting on, so every command gets it.
 */
function throwInsteadOfExit(command: Command): void {
  command.exitOverride();
  for (const subcommand of command.commands) throwInsteadOfExit(subcommand);
}

/**
 * The process exit code for an error thrown by `parseAsync`: 0 for help and version (commander's exit code
 * 0), USAGE_EXIT_CODE for its usage errors (and for help shown because no command was given); undefined
 * for any other error, which is not commander's.
 */
export function exitCodeOf(error: unknown): number | undefined {
  if (!(error instanceof CommanderError)) return undefined;
  return error.exitCode === 0 ? 0 : USAGE_EXIT_CODE;
}
