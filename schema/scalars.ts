import { GraphQLError, Kind } from 'graphql';
import { builder } from '../server/graphql/builder.ts';

/** An instant, serialised as an ISO 8601 string in UTC (`2026-11-25T19:56:11.000Z`). */
export const DateTimeScalar = builder.scalarType('DateTime', {
  description: 'An instant as an ISO 8601 string in UTC, e.g. `2026-11-25T19:56:11.000Z`.',
  serialize: (value) => {
    const date = value instanceof Date ? value : new Date(value as number);
    if (Number.isNaN(date.getTime())) throw new GraphQLError(`DateTime: cannot serialise ${JSON.stringify(value)}`);
    return date.toISOString();
  },
  parseValue: (value) => parseDate(value),
  parseLiteral: (node) => {
    if (node.kind !== Kind.STRING) throw new GraphQLError(`DateTime: expected an ISO 8601 string, received ${node.kind}`);
    return parseDate(node.value);
  },
});

function parseDate(value: unknown): Date {
  const date = typeof value === 'string' ? new Date(value) : new Date(Number.NaN);
  if (Number.isNaN(date.getTime())) {
    throw new GraphQLError(`DateTime: expected an ISO 8601 string, received ${JSON.stringify(value)}`);
  }
  return date;
}
