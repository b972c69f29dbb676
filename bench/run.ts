/**
 * `npm run bench`: runs every benchmark in sequence, each in its own Node process so that one's memory and
 * JIT state cannot colour the next (with `--expose-gc`, for the benchmarks that collect before measuring). Each writes `bench/results/<name>.json`. Pass names to run a subset:
 * `npm run bench -- core db`. Options go to every benchmark: `npm run bench -- db api --engine sqlite`
 * (db and api run on SQLite and PostgreSQL by default).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const BENCHMARKS = ['core', 'db', 'api', 'similarity', 'paths', 'graph', 'map', 'subsonic', 'web', 'webMap', 'workers'] as const;

const argv = process.argv.slice(2);
const optionStart = argv.findIndex((arg) => arg.startsWith('--'));
const requested = optionStart < 0 ? argv : argv.slice(0, optionStart);
const options = optionStart < 0 ? [] : argv.slice(optionStart);
const selected = requested.length > 0 ? requested : BENCHMARKS;
let failed = 0;
for (const name of selected) {
  const file = fileURLToPath(new URL(`./${name}.ts`, import.meta.url));
  if (!existsSync(file)) {
    console.error(`bench: unknown benchmark "${name}" (expected one of ${BENCHMARKS.join(', ')})`);
    failed++;
    continue;
  }
  console.log(`\n=== bench/${name}.ts`);
  const result = spawnSync(process.execPath, ['--expose-gc', file, ...options], { stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`bench/${name}.ts exited with ${result.status ?? result.signal}`);
    failed++;
  }
}
process.exitCode = failed > 0 ? 1 : 0;
