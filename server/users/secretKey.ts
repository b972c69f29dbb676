/**
 * The 32-byte key of the Subsonic password store (AES-256-GCM, passwordCipher.ts): AURALIS_SECRET_KEY when set,
 * else the file `<database>.key` beside an SQLite database (64 hex digits, mode 0600, created on the first
 * `auralis user add`). PostgreSQL has no database file, so there the variable is required for storing a password.
 * Whoever can read the key and the database can read the passwords: keep both as private as the database.
 */
import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { databaseEngine } from '../db/databaseEngine.ts';
import { InvalidSecretKeyError, SecretKeyRequiredError } from './errors.ts';

const HEX_KEY = /^[0-9a-fA-F]{64}$/;

/** Where the key comes from: the configured value, or the file beside the database (null on PostgreSQL). */
export interface SecretKeySource {
  readonly configured: string | undefined;
  readonly file: string | null;
}

/** The key source for a database setting (`AURALIS_DB`) and AURALIS_SECRET_KEY. */
export function secretKeySource(dbPath: string, configured: string | undefined): SecretKeySource {
  return { configured, file: databaseEngine(dbPath) === 'sqlite' ? `${path.resolve(dbPath)}.key` : null };
}

function parseKey(source: string, text: string): Buffer {
  const trimmed = text.trim();
  if (!HEX_KEY.test(trimmed)) throw new InvalidSecretKeyError(source, `${trimmed.length} characters`);
  return Buffer.from(trimmed, 'hex');
}

/** The key, or null when none exists yet (no variable, no key file). INVALID_SECRET_KEY for a malformed one. */
export async function readSecretKey(source: SecretKeySource): Promise<Buffer | null> {
  if (source.configured !== undefined) return parseKey('AURALIS_SECRET_KEY', source.configured);
  if (source.file === null) return null;
  try {
    return parseKey(source.file, await readFile(source.file, 'utf8'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/** The key, creating the key file (0600, exclusive: a concurrent creator's key wins) when there is none. */
export async function ensureSecretKey(source: SecretKeySource): Promise<Buffer> {
  const existing = await readSecretKey(source);
  if (existing !== null) return existing;
  if (source.file === null) throw new SecretKeyRequiredError();
  try {
    await writeFile(source.file, `${randomBytes(32).toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  return (await readSecretKey(source))!;
}
