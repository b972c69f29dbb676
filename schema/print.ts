/**
 * Prints the schema as SDL. `npm run schema:print` writes it to schema/schema.graphql (committed; the typed
 * client is generated from it, and test/graphql/schemaDrift.test.ts fails when it is out of date).
 * `node schema/print.ts --stdout` prints it instead.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { printSchema } from 'graphql';
import { schema } from './index.ts';

export const SCHEMA_FILE = fileURLToPath(new URL('./schema.graphql', import.meta.url));

export function printAuralisSchema(): string {
  return `${printSchema(schema)}\n`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (process.argv.includes('--stdout')) {
    process.stdout.write(printAuralisSchema());
  } else {
    writeFileSync(SCHEMA_FILE, printAuralisSchema());
    process.stdout.write(`wrote ${SCHEMA_FILE}\n`);
  }
}
