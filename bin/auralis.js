#!/usr/bin/env node
// Entry point of the `auralis` command. Node >= 22.18 runs the TypeScript sources directly (type stripping);
// an older Node gets one line and exit code 1 before any .ts file is imported.
import { checkNodeVersion } from './nodeVersion.js';

const unsupported = checkNodeVersion(process.versions.node);
if (unsupported !== null) {
  process.stderr.write(`${unsupported}\n`);
  process.exit(1);
}
await import('../server/cli.ts');
