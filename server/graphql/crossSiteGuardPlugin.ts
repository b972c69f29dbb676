/**
 * Cross-site request forgery and CORS. A web page the user visits can make the browser send requests to
 * the loopback server, with no token on the default setup; three rules keep such requests from running:
 * - a request body must be JSON (`application/json` or `application/graphql+json`). HTML forms and
 *   "simple" `fetch` calls (urlencoded, multipart, text/plain) are refused with 415 before parsing, and
 *   every JSON body makes the browser ask first (a CORS preflight), which a foreign origin fails;
 * - a request whose `Origin` header is present must come from the server's own origin (scheme, host and
 *   port of the request URL, i.e. its Host header) or from one listed in `AURALIS_CORS_ORIGINS`; others
 *   get 403 before anything runs;
 * - CORS headers are sent only to the listed origins (none by default), without credentials: the API
 *   authenticates with a bearer token, never a cookie.
 * GET requests without a body stay allowed for reads (GraphiQL, links); graphql-yoga refuses a mutation
 * over GET (405).
 */
import type { CORSOptions, Plugin } from 'graphql-yoga';
import { GraphQLError } from 'graphql';

/** Request body media types the server parses (graphql-yoga's JSON parser); none of them is CORS-safelisted. */
export const ACCEPTED_BODY_TYPES = ['application/json', 'application/graphql+json'] as const;

/** Headers a listed origin may send in a cross-origin request. */
const CORS_ALLOWED_HEADERS = ['accept', 'authorization', 'content-type'];

/** The `cors` option of graphql-yoga: CORS headers for a listed origin only, never for any other. */
export function corsForOrigins(allowedOrigins: readonly string[]): (request: Request) => CORSOptions {
  return (request) => {
    const origin = request.headers.get('origin');
    if (origin === null || !allowedOrigins.includes(origin)) return false;
    return { origin: [origin], credentials: false, methods: ['GET', 'POST'], allowedHeaders: CORS_ALLOWED_HEADERS };
  };
}

/**
 * The Origin rule (shared with the media routes, server/http/mediaRoute.ts): a request whose `Origin` header
 * is present must come from the server's own origin or one listed in AURALIS_CORS_ORIGINS. Returns why a
 * request breaks it (for CROSS_ORIGIN_FORBIDDEN), or undefined when it does not.
 */
export function foreignOriginProblem(request: Request, allowedOrigins: readonly string[]): string | undefined {
  const origin = request.headers.get('origin');
  if (origin === null) return undefined;
  const own = new URL(request.url).origin;
  if (origin === own || allowedOrigins.includes(origin)) return undefined;
  return `Origin ${origin}: expected this server's own origin (${own}) or one listed in AURALIS_CORS_ORIGINS`;
}

/** Refuses foreign origins (403 CROSS_ORIGIN_FORBIDDEN) and non-JSON bodies (415 UNSUPPORTED_MEDIA_TYPE). */
export function crossSiteGuardPlugin(allowedOrigins: readonly string[]): Plugin {
  return {
    // Answers depend on Origin (CORS headers, 403): caches must not share them across origins.
    onResponse({ response }) {
      if (!/\borigin\b/i.test(response.headers.get('vary') ?? '')) response.headers.append('vary', 'Origin');
    },
    onRequestParse({ request }) {
      const problem = foreignOriginProblem(request, allowedOrigins);
      if (problem !== undefined) {
        throw new GraphQLError(problem, { extensions: { code: 'CROSS_ORIGIN_FORBIDDEN', http: { status: 403 } } });
      }
      if (request.method === 'GET' || request.method === 'HEAD') return;
      const contentType = request.headers.get('content-type');
      // The media type without parameters; a list (`a, b`) is no valid content-type.
      const essence = contentType === null || contentType.includes(',') ? undefined : contentType.split(';')[0].trim().toLowerCase();
      if (essence === undefined || !(ACCEPTED_BODY_TYPES as readonly string[]).includes(essence)) {
        throw new GraphQLError(
          `content-type: expected ${ACCEPTED_BODY_TYPES.join(' or ')}, received ${contentType === null ? 'none' : `"${contentType}"`}`,
          { extensions: { code: 'UNSUPPORTED_MEDIA_TYPE', http: { status: 415 } } },
        );
      }
    },
  };
}
