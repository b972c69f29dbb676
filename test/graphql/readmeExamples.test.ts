/** Every GraphQL example in the README's "GraphQL API" section is valid against the schema and runs. */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { encodeGlobalId } from '../../server/graphql/globalId.ts';
import { createHarness, type Harness } from './harness.ts';

const README = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
const section = README.slice(README.indexOf('## GraphQL API'), README.indexOf('## The 25 dimensions'));
const examples = [...section.matchAll(/```graphql\n([\s\S]*?)```/g)].map((m) => m[1]);

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.close());

test('the README has the promised examples', () => {
  expect(examples.length).toBeGreaterThanOrEqual(4);
});

test.each(examples.map((example, index) => [index, example]))('example %i parses, validates and executes', async (_index, example) => {
  const operations = [...example.matchAll(/^(query|mutation)\s*(\w+)?/gm)].map((m) => m[2]);
  const names = operations.length > 1 ? operations : [undefined];
  for (const operationName of names) {
    const response = await h.post(
      JSON.stringify({ query: example, operationName, variables: { id: encodeGlobalId('Track', 1) } }),
    );
    const body = (await response.json()) as { errors?: { message: string; extensions?: { code?: string } }[] };
    const codes = (body.errors ?? []).map((e) => e.extensions?.code ?? e.message);
    expect(codes.filter((c) => c === 'GRAPHQL_PARSE_FAILED' || c === 'GRAPHQL_VALIDATION_FAILED' || !/^[A-Z_]+$/.test(c))).toEqual([]);
  }
});

test('the GraphiQL example query runs without errors', async () => {
  const { GRAPHIQL_EXAMPLE } = await import('../../server/graphql/yoga.ts');
  const r = await h.gql(GRAPHIQL_EXAMPLE);
  expect(r.errors).toBeUndefined();
  expect(r.data?.fingerprints.totalCount).toBe(0);
});
