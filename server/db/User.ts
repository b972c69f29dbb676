import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

/**
 * A Subsonic user (table `users`, `auralis user add`). The password is stored encrypted (AES-256-GCM,
 * server/users/passwordCipher.ts), never hashed, because Subsonic token auth (`t = md5(password + salt)`) needs
 * it back; null for an API-key-only user. Of an API key only its SHA-256 is stored. All SQL goes through
 * UserRepository.
 */
export const User = defineEntity({
  name: 'User',
  tableName: 'users',
  properties: {
    id: p.integer().primary().autoincrement(),
    /** Login name (`u`); unique, compared exactly. */
    name: p.text().unique('users_name_unique'),
    /** `v1:` + base64 of IV (12 B) ‖ GCM tag (16 B) ‖ ciphertext; null = no password (API key only). */
    passwordCipher: p.text().nullable(),
    /** Hex SHA-256 of the user's API key; unique; null = none. */
    apiKeySha256: p.text().nullable().unique('users_api_key_sha256_unique'),
    /** When the current API key was created; null = none. */
    apiKeyCreatedAt: p.datetime().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});

export type User = InferEntity<typeof User>;
