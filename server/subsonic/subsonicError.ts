/**
 * The OpenSubsonic error codes (docs "error"), and the named error a `/rest/` handler throws to answer with one.
 */
import { AuralisError } from '../errors.ts';

export const SubsonicCode = {
  /** A generic error (also: unknown method, a parameter value out of range). */
  GENERIC: 0,
  /** Required parameter is missing. */
  MISSING_PARAMETER: 10,
  /** Incompatible REST protocol version: the client must upgrade. */
  CLIENT_TOO_OLD: 20,
  /** Incompatible REST protocol version: the server must upgrade. */
  SERVER_TOO_OLD: 30,
  /** Wrong username or password (or token). */
  WRONG_CREDENTIALS: 40,
  /** Token authentication not supported (here: the user has no password this server can read). */
  TOKEN_AUTH_UNSUPPORTED: 41,
  /** Provided authentication mechanism not supported (here: `p` for a user without a readable password). */
  AUTH_MECHANISM_UNSUPPORTED: 42,
  /** Multiple conflicting authentication mechanisms provided. */
  CONFLICTING_AUTH: 43,
  /** Invalid API key. */
  INVALID_API_KEY: 44,
  /** User is not authorized for the given operation. */
  NOT_AUTHORIZED: 50,
  /** The requested data was not found. */
  NOT_FOUND: 70,
} as const;

export type SubsonicCodeValue = (typeof SubsonicCode)[keyof typeof SubsonicCode];

/** An answer `status="failed"` with an OpenSubsonic error code. Code `SUBSONIC_<n>`. */
export class SubsonicError extends AuralisError {
  readonly subsonicCode: SubsonicCodeValue;
  readonly helpUrl: string | undefined;

  constructor(subsonicCode: SubsonicCodeValue, message: string, options: { helpUrl?: string } = {}) {
    super(`SUBSONIC_${subsonicCode}`, message);
    this.subsonicCode = subsonicCode;
    this.helpUrl = options.helpUrl;
  }
}

/** Error 10 for a missing parameter. */
export function missingParameter(name: string): SubsonicError {
  return new SubsonicError(SubsonicCode.MISSING_PARAMETER, `Required parameter is missing: ${name}`);
}

/** Error 70 for an id that names nothing. */
export function notFound(what: string, id: string): SubsonicError {
  return new SubsonicError(SubsonicCode.NOT_FOUND, `${what} not found: ${JSON.stringify(id)}`);
}
