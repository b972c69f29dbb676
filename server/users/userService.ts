/**
 * Subsonic users: adding, listing and removing them, their API keys, and the credential checks of the
 * OpenSubsonic authentication (token + salt, plain or `enc:` hex password, API key). Passwords are stored
 * encrypted (passwordCipher.ts, key from secretKey.ts); of an API key only its SHA-256 is kept.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/sql';
import { type UserRecord, UserRepository } from '../db/UserRepository.ts';
import { UserNotFoundError } from '../db/errors.ts';
import { InvalidUserError } from './errors.ts';
import { decryptPassword, encryptPassword } from './passwordCipher.ts';
import { ensureSecretKey, readSecretKey, type SecretKeySource } from './secretKey.ts';

/** Longest user name and password accepted, in characters. */
export const MAX_NAME_LENGTH = 200;
export const MAX_PASSWORD_LENGTH = 1000;

/** A user as `auralis user list` shows it: no secrets. */
export interface UserSummary {
  readonly name: string;
  readonly hasPassword: boolean;
  readonly hasApiKey: boolean;
  readonly apiKeyCreatedAt: Date | null;
  readonly createdAt: Date;
}

/**
 * The outcome of a credential check: `ok` with the user; `wrong` (unknown user or wrong secret: the same answer,
 * Subsonic error 40); `noPassword`: the user exists but has no password this server can read (an API-key-only
 * user, or a password stored under another key), so password and token auth cannot work for it.
 */
export type CredentialCheck = { readonly outcome: 'ok'; readonly user: UserRecord } | { readonly outcome: 'wrong' | 'noPassword' };

/** Hex SHA-256 of an API key (what the `users` table stores). */
export function apiKeyDigest(apiKey: string): string {
  return createHash('sha256').update(apiKey, 'utf8').digest('hex');
}

function checkText(value: string, field: string, max: number): string {
  // eslint-disable-next-line no-control-regex
  if (value.length === 0 || value.length > max || /[\u0000-\u001f\u007f]/.test(value)) {
    throw new InvalidUserError(`${field}: expected 1–${max} characters without control characters, received ${value.length} characters`, field);
  }
  return value;
}

function sameText(a: string, b: string): boolean {
  const x = createHash('sha256').update(a, 'utf8').digest();
  const y = createHash('sha256').update(b, 'utf8').digest();
  return timingSafeEqual(x, y);
}

export class UserService {
  readonly #users: UserRepository;
  readonly #keySource: SecretKeySource;

  constructor(em: EntityManager, keySource: SecretKeySource) {
    this.#users = new UserRepository(em);
    this.#keySource = keySource;
  }

  /** Adds a user; `password` null = API key only. USER_ALREADY_EXISTS, INVALID_USER, SECRET_KEY_REQUIRED. */
  async add(name: string, password: string | null): Promise<UserSummary> {
    checkText(name, 'name', MAX_NAME_LENGTH);
    const cipher = password === null ? null : encryptPassword(await ensureSecretKey(this.#keySource), name, checkText(password, 'password', MAX_PASSWORD_LENGTH));
    return summaryOf(await this.#users.add({ name, passwordCipher: cipher }));
  }

  async list(): Promise<UserSummary[]> {
    return (await this.#users.list()).map(summaryOf);
  }

  /** USER_NOT_FOUND when there is no such user. */
  async remove(name: string): Promise<void> {
    await this.#users.remove(name);
  }

  /** A new API key for the user (replacing any earlier one), returned once: only its SHA-256 is stored. */
  async createApiKey(name: string): Promise<string> {
    const apiKey = randomBytes(32).toString('base64url');
    await this.#users.setApiKey(name, apiKeyDigest(apiKey));
    return apiKey;
  }

  /** Revokes the user's API key (USER_NOT_FOUND when there is no such user). */
  async revokeApiKey(name: string): Promise<void> {
    await this.#users.setApiKey(name, null);
  }

  /** The user named `name` whose password is `password`. */
  async checkPassword(name: string, password: string): Promise<CredentialCheck> {
    return this.#checkStored(name, (stored) => sameText(stored, password));
  }

  /** The user named `name` for whom `token` = md5(password + salt) (hex, any case). */
  async checkToken(name: string, token: string, salt: string): Promise<CredentialCheck> {
    return this.#checkStored(name, (stored) => sameText(createHash('md5').update(stored + salt, 'utf8').digest('hex'), token.toLowerCase()));
  }

  /** The user whose API key this is, or null. */
  async userOfApiKey(apiKey: string): Promise<UserRecord | null> {
    return this.#users.getByApiKeySha256(apiKeyDigest(apiKey));
  }

  async #checkStored(name: string, matches: (password: string) => boolean): Promise<CredentialCheck> {
    const user = await this.#users.getByName(name);
    if (user === null) return { outcome: 'wrong' };
    if (user.passwordCipher === null) return { outcome: 'noPassword' };
    const key = await readSecretKey(this.#keySource);
    const password = key === null ? null : decryptPassword(key, user.name, user.passwordCipher);
    if (password === null) return { outcome: 'noPassword' };
    return matches(password) ? { outcome: 'ok', user } : { outcome: 'wrong' };
  }
}

function summaryOf(user: UserRecord): UserSummary {
  return {
    name: user.name,
    hasPassword: user.passwordCipher !== null,
    hasApiKey: user.apiKeySha256 !== null,
    apiKeyCreatedAt: user.apiKeyCreatedAt,
    createdAt: user.createdAt,
  };
}

export { UserNotFoundError };
