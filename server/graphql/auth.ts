import { createHash, timingSafeEqual } from 'node:crypto';

/** What one request may do, decided once from its `Authorization` header. */
export interface RequestAuth {
  /** True when no AURALIS_API_TOKEN is configured, or the request sent `Authorization: Bearer <token>`. */
  readonly canMutate: boolean;
  /** Why mutations are refused (expected vs received), for the UNAUTHENTICATED error. */
  readonly problem: string | undefined;
}

const OPEN: RequestAuth = { canMutate: true, problem: undefined };

/**
 * Checks the bearer token of a request against `apiToken` (constant-time, on SHA-256 digests so that the
 * lengths do not leak either). Queries are always allowed; only mutations consult `canMutate`.
 */
export function authenticate(headers: Headers, apiToken: string | undefined): RequestAuth {
  if (apiToken === undefined) return OPEN;
  const header = headers.get('authorization');
  if (header === null || header.trim() === '') {
    return refused('expected an `Authorization: Bearer <token>` header (AURALIS_API_TOKEN is set), received none');
  }
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (match === null) {
    return refused(`expected \`Authorization: Bearer <token>\`, received a header of another scheme`);
  }
  const ok = timingSafeEqual(digest(match[1]), digest(apiToken));
  return ok ? OPEN : refused('expected the bearer token configured in AURALIS_API_TOKEN, received a different token');
}

function refused(problem: string): RequestAuth {
  return { canMutate: false, problem: `mutations need authorisation: ${problem}` };
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}
