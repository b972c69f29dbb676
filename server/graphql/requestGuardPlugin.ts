import { GraphQLError, Kind, visit, type DocumentNode, type ValidationContext, type ASTVisitor } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { MAX_PAGE_SIZE } from './pagination.ts';

/**
 * Request-level guards that run before graphql-armor:
 * - a literal `first` above MAX_PAGE_SIZE is refused during validation with PAGE_SIZE_EXCEEDED (the code the
 *   resolvers give for a `first` passed in a variable), before armor's cost limit would call it a cost problem;
 * - "Did you mean …?" suggestions are removed from validation errors (graphql-armor's own blocker checks
 *   `instanceof` against its copy of graphql and misses them);
 * - syntax errors get `extensions.code` GRAPHQL_PARSE_FAILED and HTTP 400 (armor's token-counting parser throws
 *   them with its own copy of graphql, which yoga would otherwise answer with a 500).
 */
export function requestGuardPlugin(): Plugin {
  return {
    onParse: () => ({ result, replaceParseResult }) => {
      if (result instanceof Error && !(result instanceof GraphQLError) && result.name === 'GraphQLError') {
        replaceParseResult(
          new GraphQLError(result.message, {
            extensions: { code: 'GRAPHQL_PARSE_FAILED', http: { status: 400 } },
          }),
        );
      }
    },
    onValidate: ({ addValidationRule }) => {
      addValidationRule(maxPageSizeRule);
      return ({ result, setResult }) => {
        if (result.some((error) => SUGGESTION.test(error.message))) setResult(result.map(withoutSuggestion));
      };
    },
  };
}

/** graphql-js' "Did you mean …?" hints, which would let anyone enumerate the schema with typos. */
const SUGGESTION = / Did you mean .+\?$/;

function withoutSuggestion(original: Error): Error {
  // By name: the validator may use another copy of graphql (see maskError.ts).
  if (original.name !== 'GraphQLError' || !SUGGESTION.test(original.message)) return original;
  const error = original as GraphQLError;
  return new GraphQLError(error.message.replace(SUGGESTION, ''), {
    nodes: error.nodes,
    source: error.source,
    positions: error.positions,
    path: error.path,
    extensions: error.extensions,
  });
}

/** Throws (so that it wins over later rules) when any literal `first` in the document exceeds MAX_PAGE_SIZE. */
export function maxPageSizeRule(context: ValidationContext): ASTVisitor {
  return {
    Document(document: DocumentNode) {
      visit(document, {
        Argument(node) {
          if (node.name.value !== 'first' || node.value.kind !== Kind.INT) return;
          const first = Number.parseInt(node.value.value, 10);
          if (first > MAX_PAGE_SIZE) {
            throw new GraphQLError(`\`first\`: expected at most ${MAX_PAGE_SIZE}, received ${first}`, {
              nodes: [node],
              extensions: { code: 'PAGE_SIZE_EXCEEDED', field: ['first'], http: { status: 400 } },
            });
          }
        },
      });
      void context;
    },
  };
}
