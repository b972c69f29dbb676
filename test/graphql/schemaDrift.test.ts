/**
 * The committed SDL (schema/schema.graphql) and the committed typed client (schema/client/generated) must
 * match what the code produces: run `npm run schema:print` and `npm run codegen` after changing the schema.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generate } from '@graphql-codegen/cli';
import { expect, test } from 'vitest';
import { DIMENSIONS } from '../../server/fingerprint/dimensions.ts';
import { SCHEMA_FILE } from '../../schema/print.ts';
import codegenConfig from '../../codegen.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/**
 * The SDL as `npm run schema:print` produces it, printed by plain Node in a child process (under vitest the
 * test's own `graphql` import resolves to graphql's development build, a second copy next to Pothos').
 */
function printAuralisSchema(): string {
  return execFileSync(process.execPath, [path.join(ROOT, 'schema/print.ts'), '--stdout'], { encoding: 'utf8' });
}

test('schema/schema.graphql is the printed schema (run `npm run schema:print`)', () => {
  expect(readFileSync(SCHEMA_FILE, 'utf8')).toBe(printAuralisSchema());
});

test('the SDL carries all 25 dimensions, each documented with its unit', () => {
  const sdl = printAuralisSchema();
  const fingerprintType = sdl.slice(sdl.indexOf('type TrackFingerprint {'));
  const body = fingerprintType.slice(0, fingerprintType.indexOf('\n}'));
  for (const d of DIMENSIONS) {
    expect(body).toContain(`  ${d.key}: Float!`);
    expect(body).toContain(`Unit: ${d.unit}.`);
  }
  const where = sdl.slice(sdl.indexOf('input FingerprintWhere {'));
  for (const d of DIMENSIONS) expect(where.slice(0, where.indexOf('\n}'))).toContain(`  ${d.key}: FloatRange`);
});

test('schema/client/generated is what codegen produces from the committed SDL (run `npm run codegen`)', async () => {
  const previous = process.cwd();
  process.chdir(ROOT);
  try {
    const outputs = (await generate({ ...codegenConfig, silent: true }, false)) as { filename: string; content: string }[];
    expect(outputs.length).toBeGreaterThan(0);
    for (const output of outputs) {
      const committed = readFileSync(path.resolve(ROOT, output.filename), 'utf8');
      expect(committed, output.filename).toBe(output.content);
    }
  } finally {
    process.chdir(previous);
  }
});
