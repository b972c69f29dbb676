import { Command } from 'commander';
import { loadConfig } from '../config.ts';
import { createOrm, migrateDown, migrateToLatest, migrationStatus } from '../db/createOrm.ts';

export type MigrateAction = 'up' | 'down' | 'status';

const ACTIONS: readonly MigrateAction[] = ['up', 'down', 'status'];

/**
 * Runs one `auralis migrate` action against a database and returns the lines to print.
 * - `up` (default): runs every pending migration.
 * - `down`: reverts the most recent migration.
 * - `status`: lists every migration with `[x]` (executed) or `[ ]` (pending).
 */
export async function runMigrate(action: MigrateAction, options: { dbPath: string }): Promise<string[]> {
  const orm = await createOrm({ dbPath: options.dbPath });
  try {
    if (action === 'up') {
      const ran = await migrateToLatest(orm);
      return ran.length === 0 ? ['Schema is up to date.'] : ran.map((name) => `Migrated up: ${name}`);
    }
    if (action === 'down') {
      const reverted = await migrateDown(orm);
      return reverted.length === 0 ? ['Nothing to revert.'] : reverted.map((name) => `Reverted: ${name}`);
    }
    return (await migrationStatus(orm)).map((m) => `[${m.executed ? 'x' : ' '}] ${m.name}`);
  } finally {
    await orm.close();
  }
}

/** `auralis migrate [up|down|status] [--db <path>]` as a commander command. */
export function migrateCommand(): Command {
  return new Command('migrate')
    .description('Apply (up, the default), revert (down) or list (status) the database migrations')
    .argument('[action]', `one of ${ACTIONS.join(', ')}`, 'up')
    .option('--db <path|url>', 'SQLite database file or postgres:// URL (env AURALIS_DB, default ./auralis.db)')
    .action(async (action: string, options: { db?: string }) => {
      if (!(ACTIONS as readonly string[]).includes(action)) {
        process.stderr.write(`auralis migrate: expected one of ${ACTIONS.join(', ')}, received "${action}"\n`);
        process.exitCode = 2;
        return;
      }
      const dbPath = loadConfig(options.db === undefined ? {} : { dbPath: options.db }).dbPath;
      try {
        for (const line of await runMigrate(action as MigrateAction, { dbPath })) process.stdout.write(`${line}\n`);
      } catch (error) {
        process.stderr.write(`auralis migrate ${action}: ${error instanceof Error ? error.message : String(error)}\n`);
        process.exitCode = 1;
      }
    });
}
