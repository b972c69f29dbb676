/**
 * The web client's graphcache keys (web/src/client.ts) cover the committed schema: every object type without an
 * `id` is either embedded in its parent or keyed by a named field, so the normalised cache never has to guess.
 */
import { readFileSync } from 'node:fs';
import { buildSchema, isObjectType } from 'graphql';
import { expect, test } from 'vitest';
import { EMBEDDED_TYPES, KEYED_BY_FIELD } from '../../web/src/client.ts';

const schema = buildSchema(readFileSync(new URL('../../schema/schema.graphql', import.meta.url), 'utf8'));

test('every object type without an id is listed in EMBEDDED_TYPES or KEYED_BY_FIELD (web/src/client.ts)', () => {
  const roots = new Set(['Query', 'Mutation', 'Subscription']);
  const withoutId = Object.values(schema.getTypeMap())
    .filter((type) => isObjectType(type) && !type.name.startsWith('__') && !roots.has(type.name))
    .filter((type) => isObjectType(type) && !('id' in type.getFields()))
    .map((type) => type.name)
    .sort();
  expect([...EMBEDDED_TYPES, ...Object.keys(KEYED_BY_FIELD)].sort()).toEqual(withoutId);
  for (const [type, field] of Object.entries(KEYED_BY_FIELD)) {
    const fields = (schema.getType(type) as { getFields(): Record<string, unknown> }).getFields();
    expect(Object.keys(fields), type).toContain(field);
  }
});
