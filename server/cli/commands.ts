/**
 * The registry of `auralis` subcommands: ONE line per command, its name and its module. A module is
 * imported only when its command runs (or for the full `--help`), so `auralis fingerprint` does not pay
 * for the GraphQL server's imports. Each module exports a factory named `<name>Command(): Command`.
 */
export const COMMANDS = {
  fingerprint: () => import('./fingerprint.ts'),
  scan: () => import('./scan.ts'),
  extract: () => import('./extract.ts'),
  migrate: () => import('./migrate.ts'),
  serve: () => import('./serve.ts'),
  similar: () => import('./similar.ts'),
  path: () => import('./path.ts'),
  mix: () => import('./mix.ts'),
  worker: () => import('./worker.ts'),
  graph: () => import('./graph.ts'),
  user: () => import('./user.ts'),
} as const satisfies Record<string, () => Promise<object>>;
