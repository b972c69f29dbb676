/**
 * `auralis user add <name> [--password <pw> | --no-password]`, `user list`, `user remove <name>`,
 * `user apikey <name> [--revoke]`: the Subsonic users (server/users/userService.ts). Without `--password` the
 * password is asked for on the terminal without echo (or read as one line from piped stdin). An API key is
 * printed once; only its SHA-256 is stored. Exit codes: 0 done, 1 a named error, 2 a bad argument.
 */
import { Command } from 'commander';
import { read } from 'read';
import { loadConfig } from '../config.ts';
import { openDatabase } from '../db/createOrm.ts';
import { secretKeySource } from '../users/secretKey.ts';
import { UserService } from '../users/userService.ts';
import { printable } from './printable.ts';
import { reportCommandError } from './reportError.ts';

const DB_OPTION = ['--db <path|url>', 'SQLite database file or postgres:// URL (env AURALIS_DB, default ./auralis.db)'] as const;

/** Runs `work` with a UserService on the configured database, reporting a failure as `auralis user <action>: …`. */
async function withUsers(action: string, db: string | undefined, work: (users: UserService) => Promise<void>): Promise<void> {
  let orm: Awaited<ReturnType<typeof openDatabase>> | undefined;
  try {
    const config = loadConfig(db === undefined ? {} : { dbPath: db });
    orm = await openDatabase({ dbPath: config.dbPath });
    await work(new UserService(orm.em.fork(), secretKeySource(config.dbPath, config.secretKey)));
  } catch (error) {
    reportCommandError(`user ${action}`, error);
  } finally {
    await orm?.close();
  }
}

/** The password: asked twice without echo on a terminal, one line from piped stdin. */
async function askPassword(): Promise<string> {
  if (!process.stdin.isTTY) {
    return read({ prompt: '', silent: true, terminal: false, output: process.stderr });
  }
  const first = await read({ prompt: 'Password: ', silent: true, replace: '', output: process.stderr });
  const second = await read({ prompt: 'Again: ', silent: true, replace: '', output: process.stderr });
  if (first !== second) throw new Error('the two passwords differ');
  return first;
}

export function userCommand(): Command {
  const user = new Command('user').description('Subsonic users (/rest/): add, list, remove, API keys');
  user
    .command('add')
    .description('Add a user; the password is asked for without echo when --password is not given')
    .argument('<name>', 'login name')
    .option('--password <password>', 'the password (visible in the shell history; omit it to be asked)')
    .option('--no-password', 'no password: the user signs in with an API key only (auralis user apikey)')
    .option(...DB_OPTION)
    .action(async (name: string, options: { password?: string | boolean; db?: string }) => {
      await withUsers('add', options.db, async (users) => {
        const password = options.password === false ? null : typeof options.password === 'string' ? options.password : await askPassword();
        await users.add(name, password);
        process.stdout.write(`Added user ${printable(name)}${password === null ? ' (API key only)' : ''}.\n`);
      });
    });
  user
    .command('list')
    .description('List the users (name, password set, API key set)')
    .option(...DB_OPTION)
    .action(async (options: { db?: string }) => {
      await withUsers('list', options.db, async (users) => {
        const list = await users.list();
        if (list.length === 0) process.stdout.write('No users.\n');
        for (const u of list) {
          const key = u.hasApiKey ? `API key since ${u.apiKeyCreatedAt!.toISOString()}` : 'no API key';
          process.stdout.write(`${printable(u.name)}  ${u.hasPassword ? 'password' : 'no password'}  ${key}\n`);
        }
      });
    });
  user
    .command('remove')
    .description('Remove a user')
    .argument('<name>', 'login name')
    .option(...DB_OPTION)
    .action(async (name: string, options: { db?: string }) => {
      await withUsers('remove', options.db, async (users) => {
        await users.remove(name);
        process.stdout.write(`Removed user ${printable(name)}.\n`);
      });
    });
  user
    .command('apikey')
    .description('Create an API key for a user (replaces the previous one; printed once), or revoke it')
    .argument('<name>', 'login name')
    .option('--revoke', 'revoke the API key instead')
    .option(...DB_OPTION)
    .action(async (name: string, options: { revoke?: boolean; db?: string }) => {
      await withUsers('apikey', options.db, async (users) => {
        if (options.revoke) {
          await users.revokeApiKey(name);
          process.stdout.write(`Revoked the API key of ${printable(name)}.\n`);
          return;
        }
        process.stdout.write(`${await users.createApiKey(name)}\n`);
      });
    });
  return user;
}
