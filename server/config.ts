import { availableParallelism } from 'node:os';
import path from 'node:path';
import { bareHostName } from './http/hostGuard.ts';

/** Runtime settings: command-line flags override environment variables, which override defaults. */
export interface AuralisConfig {
  /**
   * The database (`AURALIS_DB`, default `./auralis.db`): an SQLite file path, or a `postgres://` /
   * `postgresql://` URL for PostgreSQL (server/db/databaseEngine.ts decides which).
   */
  readonly dbPath: string;
  readonly host: string;
  readonly port: number;
  /** Absolute folders that mutations may read (`AURALIS_LIBRARY_ROOTS`, separated by the OS path delimiter). */
  readonly libraryRoots: readonly string[];
  /** Bearer token for mutations (`AURALIS_API_TOKEN`); required when serving off loopback. */
  readonly apiToken: string | undefined;
  /** Extraction worker threads (`AURALIS_WORKERS`, default the core count). */
  readonly workers: number;
  /**
   * Web origins (`https://host[:port]`) allowed to call the API from a browser (`AURALIS_CORS_ORIGINS`,
   * comma-separated; default none: only pages served by this server itself).
   */
  readonly corsOrigins: readonly string[];
  /**
   * Host names besides loopback's that requests may name in `Host` (`AURALIS_ALLOWED_HOSTS`, comma-separated, e.g. the
   * public name a reverse proxy forwards); default none. Against DNS rebinding: server/http/hostGuard.ts.
   */
  readonly allowedHosts: readonly string[];
  /**
   * Whether `serve` runs its own claim loop over extraction jobs (`AURALIS_SERVE_WORKER`, default on; `0` or
   * `false`, or `serve --no-worker`, leave the analysis to separate `auralis worker` processes).
   */
  readonly serveWorker: boolean;
  /**
   * Key of the Subsonic password store (`AURALIS_SECRET_KEY`: 64 hex digits = 32 bytes, AES-256-GCM); unset: the
   * file `<database>.key` beside an SQLite database (server/users/secretKey.ts).
   */
  readonly secretKey?: string | undefined;
}

export type ConfigOverrides = Partial<AuralisConfig>;

export function loadConfig(overrides: ConfigOverrides = {}, env: NodeJS.ProcessEnv = process.env): AuralisConfig {
  const roots =
    overrides.libraryRoots ??
    (env.AURALIS_LIBRARY_ROOTS ?? '')
      .split(path.delimiter)
      .map((r) => r.trim())
      .filter(Boolean);
  return {
    dbPath: overrides.dbPath ?? env.AURALIS_DB ?? './auralis.db',
    host: overrides.host ?? env.AURALIS_HOST ?? '127.0.0.1',
    port: overrides.port ?? positiveInt('AURALIS_PORT', env.AURALIS_PORT, 4000),
    libraryRoots: roots.map((r) => path.resolve(r)),
    apiToken: overrides.apiToken ?? (env.AURALIS_API_TOKEN || undefined),
    workers: overrides.workers ?? positiveInt('AURALIS_WORKERS', env.AURALIS_WORKERS, availableParallelism()),
    corsOrigins: overrides.corsOrigins ?? parseOrigins('AURALIS_CORS_ORIGINS', env.AURALIS_CORS_ORIGINS),
    allowedHosts: overrides.allowedHosts ?? parseHostNames('AURALIS_ALLOWED_HOSTS', env.AURALIS_ALLOWED_HOSTS),
    serveWorker: overrides.serveWorker ?? parseSwitch('AURALIS_SERVE_WORKER', env.AURALIS_SERVE_WORKER, true),
    secretKey: overrides.secretKey ?? (env.AURALIS_SECRET_KEY || undefined),
  };
}

/** An on/off variable: `1` / `true` / `on`, `0` / `false` / `off` (any case); unset or empty gives the default. */
function parseSwitch(name: string, raw: string | undefined, fallback: boolean): boolean {
  const value = (raw ?? '').trim().toLowerCase();
  if (value === '') return fallback;
  if (value === '1' || value === 'true' || value === 'on') return true;
  if (value === '0' || value === 'false' || value === 'off') return false;
  throw new Error(`${name}: expected 1 / true / on or 0 / false / off, received "${raw}"`);
}

/** The non-empty, trimmed entries of a comma-separated variable. */
function commaSeparated(raw: string | undefined): string[] {
  return (raw ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
}

/** Comma-separated web origins, each normalised as the browser sends it in `Origin` (`https://host:port`). */
function parseOrigins(name: string, raw: string | undefined): string[] {
  return commaSeparated(raw).map((entry) => {
    const url = URL.canParse(entry) ? new URL(entry) : undefined;
    const originOnly = url !== undefined && url.pathname === '/' && !url.search && !url.hash && !url.username && !url.password;
    if (!originOnly || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
      throw new Error(`${name}: expected origins such as https://app.example:8443 (scheme, host, optional port), received "${entry}"`);
    }
    return url.origin;
  });
}

/** Comma-separated host names (no scheme, port or path), lowercased, IPv6 without brackets, as URL parsing gives them. */
function parseHostNames(name: string, raw: string | undefined): string[] {
  return commaSeparated(raw).map((entry) => {
    const url = URL.canParse(`http://${entry}/`) ? new URL(`http://${entry}/`) : undefined;
    if (url === undefined || url.host !== entry.toLowerCase() || url.port !== '') {
      throw new Error(`${name}: expected host names such as music.example.com (no scheme, port or path), received "${entry}"`);
    }
    return bareHostName(url.hostname);
  });
}

function positiveInt(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) {
    throw new Error(`${name}: expected a positive integer, received "${raw}"`);
  }
  return value;
}
