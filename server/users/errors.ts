import { AuralisError } from '../errors.ts';

/** AURALIS_SECRET_KEY or the key file is not 32 bytes as 64 hex digits. Code `INVALID_SECRET_KEY`. */
export class InvalidSecretKeyError extends AuralisError {
  constructor(source: string, received: string) {
    super('INVALID_SECRET_KEY', `${source}: expected 64 hex digits (a 32-byte AES-256 key), received ${received}`);
  }
}

/** No key for the password store: PostgreSQL without AURALIS_SECRET_KEY. Code `SECRET_KEY_REQUIRED`. */
export class SecretKeyRequiredError extends AuralisError {
  constructor() {
    super(
      'SECRET_KEY_REQUIRED',
      'storing Subsonic passwords on PostgreSQL needs AURALIS_SECRET_KEY (64 hex digits, e.g. from `openssl rand -hex 32`); ' +
        'there is no database file to keep a key file beside',
    );
  }
}

/** A user name or password the store refuses (empty, control characters, too long). Code `INVALID_USER`. */
export class InvalidUserError extends AuralisError {
  constructor(message: string, field: string) {
    super('INVALID_USER', message, { field: [field] });
  }
}
