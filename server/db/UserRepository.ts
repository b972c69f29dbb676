import type { EntityManager } from '@mikro-orm/sql';
import { UserAlreadyExistsError, UserNotFoundError } from './errors.ts';
import { dateOf, dbOf, runQuery, selectRows, timestampValue } from './sql.ts';

/** A stored Subsonic user as a plain record. */
export interface UserRecord {
  readonly id: number;
  readonly name: string;
  /** The encrypted password envelope (server/users/passwordCipher.ts); null = API key only. */
  readonly passwordCipher: string | null;
  /** Hex SHA-256 of the API key; null = none. */
  readonly apiKeySha256: string | null;
  readonly apiKeyCreatedAt: Date | null;
  readonly createdAt: Date;
}

const COLUMNS = [
  'id',
  'name',
  'password_cipher as passwordCipher',
  'api_key_sha256 as apiKeySha256',
  'api_key_created_at as apiKeyCreatedAt',
  'created_at as createdAt',
] as const;

interface Row {
  id: number;
  name: string;
  passwordCipher: string | null;
  apiKeySha256: string | null;
  apiKeyCreatedAt: number | Date | null;
  createdAt: number | Date;
}

function toRecord(row: Row): UserRecord {
  return { ...row, apiKeyCreatedAt: row.apiKeyCreatedAt === null ? null : dateOf(row.apiKeyCreatedAt), createdAt: dateOf(row.createdAt) };
}

/** Every statement on `users` (reads and writes), through Kysely with bound parameters. */
export class UserRepository {
  readonly #em: EntityManager;

  constructor(em: EntityManager) {
    this.#em = em;
  }

  /** Every user, by name. */
  async list(): Promise<UserRecord[]> {
    const rows = await selectRows(this.#em, dbOf(this.#em).selectFrom('users').select(COLUMNS).orderBy('name'));
    return rows.map(toRecord);
  }

  /** The user with exactly this name, or null. */
  async getByName(name: string): Promise<UserRecord | null> {
    const rows = await selectRows(this.#em, dbOf(this.#em).selectFrom('users').select(COLUMNS).where('name', '=', name));
    return rows[0] === undefined ? null : toRecord(rows[0]);
  }

  /** The user whose API key has this SHA-256 (hex), or null. */
  async getByApiKeySha256(sha256: string): Promise<UserRecord | null> {
    const rows = await selectRows(this.#em, dbOf(this.#em).selectFrom('users').select(COLUMNS).where('api_key_sha256', '=', sha256));
    return rows[0] === undefined ? null : toRecord(rows[0]);
  }

  /** Adds a user; USER_ALREADY_EXISTS when the name is taken. */
  async add(input: { readonly name: string; readonly passwordCipher: string | null }): Promise<UserRecord> {
    const { affected } = await runQuery(
      this.#em,
      dbOf(this.#em)
        .insertInto('users')
        .values({ name: input.name, password_cipher: input.passwordCipher, created_at: timestampValue(this.#em, new Date()) })
        .onConflict((conflict) => conflict.column('name').doNothing()),
    );
    if (affected === 0) throw new UserAlreadyExistsError(input.name);
    return (await this.getByName(input.name))!;
  }

  /** Removes a user; USER_NOT_FOUND when there is none. */
  async remove(name: string): Promise<void> {
    const { affected } = await runQuery(this.#em, dbOf(this.#em).deleteFrom('users').where('name', '=', name));
    if (affected === 0) throw new UserNotFoundError(name);
  }

  /** Replaces the user's API key hash (null revokes it); USER_NOT_FOUND when there is no such user. */
  async setApiKey(name: string, sha256: string | null): Promise<void> {
    const createdAt = sha256 === null ? null : timestampValue(this.#em, new Date());
    const { affected } = await runQuery(
      this.#em,
      dbOf(this.#em).updateTable('users').set({ api_key_sha256: sha256, api_key_created_at: createdAt }).where('name', '=', name),
    );
    if (affected === 0) throw new UserNotFoundError(name);
  }
}
