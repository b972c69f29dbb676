/**
 * OpenSubsonic authentication of a `/rest/` request, in this order:
 * - `apiKey` (apiKeyAuthentication extension): with `u`, `p`, `t` or `s` beside it → 43; unknown key → 44.
 * - else `u` is required (10), with exactly one of `t` + `s` (token = md5(password + salt)) or `p` (the password,
 *   plain or `enc:` + its UTF-8 bytes in hex); neither → 10, both → 43, `t` without `s` → 10.
 * - an unknown user and a wrong password or token are the same answer (40).
 * - a user without a password this server can read (created with `--no-password`, or stored under another
 *   secret key) cannot use the password mechanisms: token → 41 (as the spec words it for LDAP users), `p` → 42;
 *   both messages say to use an API key (`auralis user apikey`).
 * The client version `v` (optional) is checked first: a major version other than 1 → 20 (below) or 30 (above),
 * a 1.x above 1.16.1 → 30.
 */
import type { UserRecord } from '../db/UserRepository.ts';
import type { UserService } from '../users/userService.ts';
import type { SubsonicParams } from './subsonicParams.ts';
import { SubsonicCode, SubsonicError, missingParameter } from './subsonicError.ts';
import { SUBSONIC_API_VERSION } from './subsonicResponse.ts';

function versionParts(version: string): number[] | null {
  const match = /^(\d+)\.(\d+)(?:\.(\d+))?$/.exec(version.trim());
  return match === null ? null : [Number(match[1]), Number(match[2]), Number(match[3] ?? 0)];
}

/** Error 20 / 30 when the client speaks a protocol version this server cannot serve; nothing when `v` is absent. */
export function checkClientVersion(params: SubsonicParams): void {
  const raw = params.get('v');
  if (raw === undefined || raw === '') return;
  const client = versionParts(raw);
  if (client === null) throw new SubsonicError(SubsonicCode.GENERIC, `v: expected a version such as ${SUBSONIC_API_VERSION}, received ${JSON.stringify(raw)}`);
  const server = versionParts(SUBSONIC_API_VERSION)!;
  if (client[0]! < server[0]!) throw new SubsonicError(SubsonicCode.CLIENT_TOO_OLD, `Incompatible Subsonic REST protocol version ${raw}: client must upgrade (server ${SUBSONIC_API_VERSION})`);
  for (let i = 0; i < 3; i++) {
    if (client[i]! > server[i]!) throw new SubsonicError(SubsonicCode.SERVER_TOO_OLD, `Incompatible Subsonic REST protocol version ${raw}: server must upgrade (server ${SUBSONIC_API_VERSION})`);
    if (client[i]! < server[i]!) return;
  }
}

/** The password of `p`: as given, or decoded from `enc:<hex>`. Malformed hex → 40. */
function plainPassword(p: string): string {
  if (!p.startsWith('enc:')) return p;
  const hex = p.slice(4);
  if (!/^([0-9a-fA-F]{2})*$/.test(hex)) throw new SubsonicError(SubsonicCode.WRONG_CREDENTIALS, 'Wrong username or password');
  return Buffer.from(hex, 'hex').toString('utf8');
}

/** The authenticated user of a request, or a SubsonicError with the spec's code. */
export async function authenticate(params: SubsonicParams, users: UserService): Promise<UserRecord> {
  const apiKey = params.get('apiKey');
  if (apiKey !== undefined) {
    const others = ['u', 'p', 't', 's'].filter((name) => params.has(name));
    if (others.length > 0) {
      throw new SubsonicError(SubsonicCode.CONFLICTING_AUTH, `Multiple conflicting authentication mechanisms provided: apiKey with ${others.join(', ')}`);
    }
    const user = apiKey === '' ? null : await users.userOfApiKey(apiKey);
    if (user === null) throw new SubsonicError(SubsonicCode.INVALID_API_KEY, 'Invalid API key');
    return user;
  }
  const name = params.get('u');
  if (name === undefined || name === '') throw missingParameter('u (or apiKey)');
  const token = params.get('t');
  const password = params.get('p');
  if (token !== undefined && password !== undefined) {
    throw new SubsonicError(SubsonicCode.CONFLICTING_AUTH, 'Multiple conflicting authentication mechanisms provided: p with t');
  }
  if (token !== undefined) {
    const salt = params.get('s');
    if (salt === undefined || salt === '') throw missingParameter('s');
    const check = await users.checkToken(name, token, salt);
    if (check.outcome === 'ok') return check.user;
    if (check.outcome === 'noPassword') {
      throw new SubsonicError(SubsonicCode.TOKEN_AUTH_UNSUPPORTED, 'Token authentication not supported for this user: ask the server owner for an API key (auralis user apikey)');
    }
    throw new SubsonicError(SubsonicCode.WRONG_CREDENTIALS, 'Wrong username or password');
  }
  if (password !== undefined) {
    const check = await users.checkPassword(name, plainPassword(password));
    if (check.outcome === 'ok') return check.user;
    if (check.outcome === 'noPassword') {
      throw new SubsonicError(SubsonicCode.AUTH_MECHANISM_UNSUPPORTED, 'Password authentication not supported for this user: ask the server owner for an API key (auralis user apikey)');
    }
    throw new SubsonicError(SubsonicCode.WRONG_CREDENTIALS, 'Wrong username or password');
  }
  throw missingParameter('t and s (or p)');
}
