/**
 * Test harness: a real database on the test engine (an SQLite file in a temp folder, or a new PostgreSQL
 * database: test/support/testDatabase.ts), migrated, and the real yoga instance, driven through
 * `yoga.fetch` (no port). Each harness has its own database and library root.
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { MikroORM } from '@mikro-orm/sql';
import { loadConfig, type AuralisConfig } from '../../server/config.ts';
import { openDatabase } from '../../server/db/createOrm.ts';
import { createAuralisYoga, type AuralisYoga } from '../../server/graphql/yoga.ts';
import { freshDatabaseUrl } from '../support/testDatabase.ts';

export interface GraphQLResponse<T = Record<string, unknown>> {
  readonly status: number;
  readonly data?: T | null;
  readonly errors?: { message: string; extensions?: { code?: string; field?: string[] }; path?: unknown[] }[];
  readonly raw: string;
}

export interface Harness {
  readonly dir: string;
  /** A library root inside `dir` (mutations may read files here). */
  readonly libraryRoot: string;
  readonly config: AuralisConfig;
  readonly orm: MikroORM;
  readonly yoga: AuralisYoga;
  /** Unexpected errors the server logged (masked for clients). */
  readonly loggedErrors: unknown[];
  /** Counts SQL statements while `run` executes. */
  countQueries<T>(run: () => Promise<T>): Promise<{ result: T; statements: string[] }>;
  gql<T = Record<string, any>>(query: string, variables?: Record<string, unknown>, headers?: Record<string, string>): Promise<GraphQLResponse<T>>;
  post(body: string, headers?: Record<string, string>): Promise<Response>;
  close(): Promise<void>;
}

export async function createHarness(overrides: Partial<AuralisConfig> = {}): Promise<Harness> {
  const dir = await mkdtemp(path.join(tmpdir(), 'auralis-graphql-'));
  const libraryRoot = path.join(dir, 'library');
  await mkdir(libraryRoot);
  const config = loadConfig(
    { dbPath: await freshDatabaseUrl(path.join(dir, 'auralis.db')), libraryRoots: [libraryRoot], apiToken: undefined, ...overrides },
    {},
  );
  const statements: string[] = [];
  let counting = false;
  const orm = await openDatabase({
    dbPath: config.dbPath,
    overrides: {
      debug: ['query'],
      logger: (message: string) => {
        // Strip the logger's ANSI colours.
        if (counting) statements.push(message.replace(/\x1b\[[0-9;]*m/g, ''));
      },
    },
  });
  const loggedErrors: unknown[] = [];
  const yoga = createAuralisYoga({ config, orm, logError: (error) => loggedErrors.push(error) });
  const post = (body: string, headers: Record<string, string> = {}) =>
    Promise.resolve(
      yoga.fetch('http://localhost/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
        body,
      }),
    );
  return {
    dir,
    libraryRoot,
    config,
    orm,
    yoga,
    loggedErrors,
    async countQueries(run) {
      statements.length = 0;
      counting = true;
      try {
        const result = await run();
        return { result, statements: [...statements] };
      } finally {
        counting = false;
      }
    },
    async gql(query, variables, headers) {
      const response = await post(JSON.stringify({ query, variables }), headers);
      const raw = await response.text();
      return { status: response.status, raw, ...(JSON.parse(raw) as object) };
    },
    post,
    async close() {
      await orm.close(true);
      await rm(dir, { recursive: true, force: true });
    },
  };
}
