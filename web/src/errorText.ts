/**
 * One readable line for a failed operation, with its code, for every view: the server's named errors
 * (`message (CODE)`, e.g. "Invalid global ID … (INVALID_ID)"), or, when no answer came (server down, network),
 * what happened and what to do, as `NETWORK_ERROR`.
 */
import type { CombinedError } from '@urql/core';

/** The code shown for a request that got no GraphQL answer (connection refused, server stopped, offline). */
export const NETWORK_ERROR = 'NETWORK_ERROR';

export function errorText(error: CombinedError): string {
  if (error.graphQLErrors.length > 0) {
    return error.graphQLErrors.map((e) => (e.extensions?.code ? `${e.message} (${String(e.extensions.code)})` : e.message)).join('; ');
  }
  const cause = error.networkError?.message ?? error.message;
  return `The server did not answer (${cause}): is \`auralis serve\` running? Reload when it is. (${NETWORK_ERROR})`;
}
