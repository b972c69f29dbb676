import { GraphQLError, type GraphQLErrorOptions } from 'graphql';
import { isAuralisError } from '../errors.ts';

/** The message every unexpected error is replaced with; its details go to the server log only. */
export const MASKED_MESSAGE = 'Unexpected error.';

/**
 * graphql-yoga's `maskError`: named errors (AuralisError) keep their message and `extensions.code`;
 * GraphQL's own errors (syntax, validation, graphql-armor, variable coercion) pass unchanged; everything else
 * becomes "Unexpected error." with code INTERNAL_SERVER_ERROR. Stack traces never reach a client, not even in
 * development mode.
 */
export function createMaskError(log: (error: unknown) => void = defaultLog) {
  return function maskError(error: unknown): Error {
    if (isAuralisError(error)) return toGraphQLError(error.message, error.code, error.field, undefined);
    if (isGraphQLErrorLike(error)) {
      const original = error.originalError;
      if (original === undefined || original === null) return stripStack(error);
      if (isAuralisError(original)) return toGraphQLError(original.message, original.code, original.field, error);
      if (isGraphQLErrorLike(original) && original.originalError == null) {
        return toGraphQLError(original.message, codeOf(original), undefined, error);
      }
      log(original);
      return toGraphQLError(MASKED_MESSAGE, 'INTERNAL_SERVER_ERROR', undefined, error);
    }
    log(error);
    return toGraphQLError(MASKED_MESSAGE, 'INTERNAL_SERVER_ERROR', undefined, undefined);
  };
}

interface GraphQLErrorLike extends Error {
  readonly originalError?: Error | null;
  readonly extensions?: Record<string, unknown>;
  readonly nodes?: unknown;
  readonly path?: ReadonlyArray<string | number>;
}

/** By name, not `instanceof`: graphql-armor reports with its own copy of graphql (16), the schema uses 17. */
function isGraphQLErrorLike(error: unknown): error is GraphQLErrorLike {
  return error instanceof Error && error.name === 'GraphQLError';
}

function codeOf(error: GraphQLErrorLike): string | undefined {
  const code = error.extensions?.code;
  return typeof code === 'string' ? code : undefined;
}

function toGraphQLError(
  message: string,
  code: string | undefined,
  field: readonly string[] | undefined,
  located: GraphQLErrorLike | undefined,
): GraphQLError {
  const extensions: Record<string, unknown> = {};
  if (code !== undefined) extensions.code = code;
  if (field !== undefined) extensions.field = field;
  if (code === 'UNAUTHENTICATED') extensions.http = { status: 401 };
  const result = new GraphQLError(message, {
    nodes: located?.nodes as GraphQLErrorOptions['nodes'],
    path: located?.path,
    extensions,
  });
  result.stack = undefined;
  return result;
}

function stripStack(error: GraphQLErrorLike): Error {
  error.stack = undefined;
  return error;
}

function defaultLog(error: unknown): void {
  console.error('auralis: unexpected error while serving a request:', error);
}
