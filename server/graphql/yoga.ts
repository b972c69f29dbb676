/**
 * The server as a value: `createAuralisYoga({config, orm})` builds the graphql-yoga instance (schema,
 * per-request context, error masking, cross-site guard and opt-in CORS, graphql-armor limits, GraphiQL). Tests call `yoga.fetch` on it;
 * `auralis serve` only puts it behind `http.createServer` and listens.
 */
import type { MikroORM } from '@mikro-orm/sql';
import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import { GraphQLError } from 'graphql';
import { createYoga, type GraphiQLOptions, type YogaServerInstance } from 'graphql-yoga';
import { schema } from '../../schema/index.ts';
import type { AuralisConfig } from '../config.ts';
import { type AuralisContext, createContext } from './context.ts';
import { corsForOrigins, crossSiteGuardPlugin } from './crossSiteGuardPlugin.ts';
import { createMaskError } from './maskError.ts';
import { requestGuardPlugin } from './requestGuardPlugin.ts';

/** Query limits (graphql-armor). Generous for real clients, fatal for depth and alias bombs. */
export const ARMOR_LIMITS = {
  /** Deepest selection: tracks → edges → node → fingerprint → track → fingerprint → groups → frequency → subBassPct is 9. */
  maxDepth: 12,
  /** Static cost (object 2, scalar 1, ×1.5 per level). */
  maxCost: 500_000,
  maxAliases: 20,
  /** Lexer tokens per document. */
  maxTokens: 2_000,
  maxDirectives: 20,
} as const;

/** The query GraphiQL opens with. */
export const GRAPHIQL_EXAMPLE = `# Quiet tracks at a mid tempo (LUFS, BPM).
# Run it: Ctrl-Enter or the ▶ button.
query QuietMidTempo {
  fingerprints(
    first: 10
    where: {
      lufs: { lte: -14 }
      tempoBpm: { gte: 90, lte: 130 }
    }
  ) {
    totalCount
    edges {
      node {
        lufs
        tempoBpm
        track { title artist fingerprintStatus }
      }
    }
  }
}
`;

/**
 * GraphiQL as one self-contained page: `@graphql-yoga/render-graphiql` inlines GraphiQL's script, styles,
 * editor workers and favicon, so the page works offline and tells no CDN about the server. (yoga's built-in
 * page loads them from unpkg, and that GraphiQL build also ignored `defaultQuery`: it always passed its own
 * example as `initialQuery`.) The 9 MB bundle is imported on the first GraphiQL request, and the page is
 * rendered once.
 */
function renderGraphiQLOffline(): (options: GraphiQLOptions) => Promise<string> {
  let page: Promise<string> | undefined;
  return (options) =>
    (page ??= import('@graphql-yoga/render-graphiql').then(
      ({ renderGraphiQL }) => renderGraphiQL(options),
      (error: unknown) => {
        page = undefined;
        throw error;
      },
    ));
}

/**
 * graphql-armor reports with its own copy of graphql and no code; re-throw each rejection as a GraphQLError
 * with a stable `extensions.code` (and without armor's misleading "Syntax Error:" prefix).
 */
function rejectWith(code: string) {
  return (_context: unknown, error: Error): never => {
    throw new GraphQLError(error.message.replace(/^Syntax Error: /, ''), { extensions: { code, http: { status: 400 } } });
  };
}

export interface AuralisYogaOptions {
  readonly config: AuralisConfig;
  readonly orm: MikroORM;
  /** Where unexpected (masked) errors are logged; default stderr. */
  readonly logError?: (error: unknown) => void;
}

export type AuralisYoga = YogaServerInstance<Record<string, never>, AuralisContext>;

export function createAuralisYoga(options: AuralisYogaOptions): AuralisYoga {
  const { config, orm } = options;
  return createYoga<Record<string, never>, AuralisContext>({
    schema,
    graphqlEndpoint: '/graphql',
    landingPage: false,
    logging: false,
    context: ({ request }) => createContext(orm, config, request),
    cors: corsForOrigins(config.corsOrigins),
    maskedErrors: { maskError: createMaskError(options.logError) },
    graphiql: { title: 'Auralis', defaultQuery: GRAPHIQL_EXAMPLE },
    renderGraphiQL: renderGraphiQLOffline(),
    plugins: [
      crossSiteGuardPlugin(config.corsOrigins),
      requestGuardPlugin(),
      EnvelopArmorPlugin({
        maxDepth: { n: ARMOR_LIMITS.maxDepth, ignoreIntrospection: true, flattenFragments: true, onReject: [rejectWith('MAX_DEPTH_EXCEEDED')] },
        costLimit: { maxCost: ARMOR_LIMITS.maxCost, ignoreIntrospection: true, onReject: [rejectWith('MAX_COST_EXCEEDED')] },
        maxAliases: { n: ARMOR_LIMITS.maxAliases, onReject: [rejectWith('MAX_ALIASES_EXCEEDED')] },
        maxTokens: { n: ARMOR_LIMITS.maxTokens, onReject: [rejectWith('MAX_TOKENS_EXCEEDED')] },
        maxDirectives: { n: ARMOR_LIMITS.maxDirectives, onReject: [rejectWith('MAX_DIRECTIVES_EXCEEDED')] },
        // Suggestions are stripped by requestGuardPlugin (armor's blocker does not see graphql 17's errors).
        blockFieldSuggestion: { enabled: false },
      }) as never,
    ],
  }) as AuralisYoga;
}
