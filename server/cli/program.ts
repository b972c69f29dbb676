/** The `auralis` commander program, assembled from the subcommand registry (commands.ts). */
import { Command } from 'commander';
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
  return program;
}
