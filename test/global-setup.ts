import { existsSync } from 'node:fs';

/** Fails fast, with a clear message, when the parts the tests rely on are missing. */
export default function setup(): void {
  if (!existsSync(new URL('../build/dsp.wasm', import.meta.url))) {
    throw new Error('build/dsp.wasm is missing: run `npm run build:wasm` (npm test does it first)');
  }
}
