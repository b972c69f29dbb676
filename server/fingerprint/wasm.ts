/**
 * Loader of the AssemblyScript DSP core (build/dsp.wasm, see dsp-wasm/README.md).
 *
 * The compiled module is immutable and compiled once per process (module-level promise); each
 * `createDsp()` instantiates it and returns a small typed wrapper. One instance analyses one track
 * at a time and is reused across tracks through `begin`. Every argument is checked here, in
 * TypeScript, before it reaches WASM: a WASM trap is not a usefully catchable error.
 *
 * Usage: `const dsp = await createDsp(); dsp.begin(2); for each chunk: dsp.input().set(pcm, 0);
 * dsp.push(frames); const values = dsp.finish();` — `values[i]` is DIMENSIONS[i] in physical units,
 * NaN where the core does not compute that dimension (see `missingSlots`); `dsp.lastFacts()` then holds the
 * fact slots (server/fingerprint/facts.ts) and `dsp.lastLoudnessHistogram()` the gating-block histogram.
 */
import { readFile } from 'node:fs/promises';
import { AuralisError } from '../errors.ts';
import { DIMENSIONS } from './dimensions.ts';
import { FACTS } from './facts.ts';

/** The exports of dsp.wasm (README.md); test-only exports of feature groups are reached by name. */
export interface DspExports {
  readonly [name: string]: unknown;
  readonly memory: WebAssembly.Memory;
  begin(channels: number): void;
  inputPointer(): number;
  inputCapacityFrames(): number;
  push(frames: number): void;
  finish(): number;
  resultCount(): number;
  /** Fact slots after the dimensions (server/fingerprint/facts.ts). */
  factCount(): number;
  /**
   * The gating-block loudness histogram of the last `finish` (levels group, libebur128-style bins), as
   * `loudnessHistogramLength()` u32 block counts at `loudnessHistogramPointer()`. Absent from builds before v2.
   */
  loudnessHistogramPointer?(): number;
  loudnessHistogramLength?(): number;
  /** The timbre group of the last `finish`: `timbreLength()` (26) f64 at `timbrePointer()` (server/fingerprint/timbre.ts). */
  timbrePointer?(): number;
  timbreLength?(): number;
  /** Test-only exports (present in both builds). */
  testSignalPointer(): number;
  testFftComplex(n: number): void;
  testFftPower(n: number): void;
  testSpectrumRePointer(): number;
  testSpectrumImPointer(): number;
  /** Bench-only: bit mask of feature groups to skip (dsp-wasm/featureToggles.ts); 0 = all enabled. */
  setDisabledFeatures?(mask: number): void;
}

export interface DspOptions {
  /** Load build/dsp.debug.wasm (assertions on, slower) instead of the release build. For tests. */
  readonly debug?: boolean;
}

/** A bad argument to the DSP wrapper (a programming error of the caller, caught before WASM). */
export class DspArgumentError extends AuralisError {
  constructor(message: string) {
    super('DSP_INVALID_ARGUMENT', message);
  }
}

/** build/dsp.wasm is missing or could not be compiled. */
export class DspUnavailableError extends AuralisError {
  constructor(message: string, cause?: unknown) {
    super('DSP_UNAVAILABLE', message, { cause });
  }
}

const compiled = new Map<string, Promise<WebAssembly.Module>>();

function wasmUrl(debug: boolean): URL {
  return new URL(debug ? '../../build/dsp.debug.wasm' : '../../build/dsp.wasm', import.meta.url);
}

/** Compiles the module once per process and build flavour. */
function compileModule(debug: boolean): Promise<WebAssembly.Module> {
  const key = debug ? 'debug' : 'release';
  let module = compiled.get(key);
  if (module === undefined) {
    const url = wasmUrl(debug);
    module = readFile(url).then(
      (bytes) => WebAssembly.compile(bytes),
      (error: unknown) => {
        throw new DspUnavailableError(
          `${url.pathname}: expected the compiled DSP core, could not read it (run \`npm run build:wasm\`)`,
          error,
        );
      },
    );
    compiled.set(key, module);
    module.catch(() => compiled.delete(key));
  }
  return module;
}

/** One DSP instance: analyses one track at a time; reuse it across tracks with `begin`. */
export class Dsp {
  readonly #exports: DspExports;
  /** Frames (samples per channel) one `push` accepts at most. */
  readonly capacityFrames: number;
  readonly #inputPointer: number;
  #channels = 0;
  #f32View: Float32Array | undefined;
  #byteView: Uint8Array | undefined;
  #viewBuffer: ArrayBuffer | undefined;
  #lastFacts: Float64Array = new Float64Array(FACTS.length).fill(Number.NaN);
  #lastHistogram: Float64Array | null = null;
  #lastTimbre: Float64Array | null = null;

  constructor(exports: DspExports) {
    this.#exports = exports;
    this.capacityFrames = exports.inputCapacityFrames();
    this.#inputPointer = exports.inputPointer();
    const count = exports.resultCount();
    if (count !== DIMENSIONS.length) {
      throw new DspUnavailableError(
        `build/dsp.wasm: expected ${DIMENSIONS.length} result slots (the dimension catalogue), received ${count}; rebuild it`,
      );
    }
    const facts = exports.factCount();
    if (facts !== FACTS.length) {
      throw new DspUnavailableError(
        `build/dsp.wasm: expected ${FACTS.length} fact slots (the fact catalogue), received ${facts}; rebuild it`,
      );
    }
  }

  /** Channels of the analysis in progress (0 when none). */
  get channels(): number {
    return this.#channels;
  }

  /** Starts a new track: 1 = mono, 2 = interleaved stereo. Discards any analysis in progress. */
  begin(channels: number): void {
    if (channels !== 1 && channels !== 2) {
      throw new DspArgumentError(`channels: expected 1 or 2, received ${String(channels)}`);
    }
    this.#exports.begin(channels);
    this.#channels = channels;
  }

  #refreshViews(): void {
    const buffer = this.#exports.memory.buffer;
    if (this.#viewBuffer !== buffer || this.#f32View === undefined || this.#byteView === undefined) {
      this.#viewBuffer = buffer;
      this.#f32View = new Float32Array(buffer, this.#inputPointer, this.capacityFrames * 2);
      this.#byteView = new Uint8Array(buffer, this.#inputPointer, this.capacityFrames * 2 * 4);
    }
  }

  /**
   * Writable view of the input buffer as interleaved float32 (capacityFrames × 2 values; a mono
   * track uses the first capacityFrames). Re-fetch it after `push`/`finish`: memory may have grown.
   */
  input(): Float32Array {
    this.#refreshViews();
    return this.#f32View!;
  }

  /** The same buffer as bytes (for copying raw little-endian f32le PCM from a pipe). */
  inputBytes(): Uint8Array {
    this.#refreshViews();
    return this.#byteView!;
  }

  /** Analyses `frames` frames already written at the start of `input()`. */
  push(frames: number): void {
    if (this.#channels === 0) throw new DspArgumentError('push: expected begin(channels) first, received no begin');
    if (!Number.isInteger(frames) || frames < 0 || frames > this.capacityFrames) {
      throw new DspArgumentError(
        `frames: expected an integer in 0..${this.capacityFrames}, received ${String(frames)}`,
      );
    }
    if (frames > 0) this.#exports.push(frames);
  }

  /**
   * Ends the track and returns a copy of the 25 values in spec order (DIMENSIONS), physical units.
   * NaN marks a dimension this build does not compute yet: omit it, never fake it (`missingSlots`).
   */
  finish(): Float64Array {
    if (this.#channels === 0) throw new DspArgumentError('finish: expected begin(channels) first, received no begin');
    const pointer = this.#exports.finish();
    this.#channels = 0;
    const buffer = this.#exports.memory.buffer;
    this.#lastFacts = new Float64Array(buffer, pointer + DIMENSIONS.length * 8, FACTS.length).slice();
    const { loudnessHistogramPointer, loudnessHistogramLength } = this.#exports;
    this.#lastHistogram =
      loudnessHistogramPointer === undefined || loudnessHistogramLength === undefined
        ? null
        : Float64Array.from(new Uint32Array(buffer, loudnessHistogramPointer(), loudnessHistogramLength()));
    const { timbrePointer, timbreLength } = this.#exports;
    this.#lastTimbre =
      timbrePointer === undefined || timbreLength === undefined
        ? null
        : new Float64Array(buffer, timbrePointer(), timbreLength()).slice();
    return new Float64Array(buffer, pointer, DIMENSIONS.length).slice();
  }

  /**
   * The timbre values of the last `finish` (server/fingerprint/timbre.ts: 13 MFCC means, then 13 standard
   * deviations), a fresh copy; null when this build does not export them; all NaN when the bench toggle
   * switched the group off.
   */
  lastTimbre(): Float64Array | null {
    return this.#lastTimbre === null ? null : this.#lastTimbre.slice();
  }

  /**
   * The fact slots of the last `finish` (or `analyse`), in FACTS order (server/fingerprint/facts.ts), a fresh
   * copy; NaN marks a fact this build does not compute yet. All NaN before the first `finish`.
   */
  lastFacts(): Float64Array {
    return this.#lastFacts.slice();
  }

  /**
   * The gating-block loudness histogram of the last `finish` (a fresh copy of the block counts per bin), or
   * null when this build does not export it (docs/fingerprint.md, "ReplayGain 2.0").
   */
  lastLoudnessHistogram(): Float64Array | null {
    return this.#lastHistogram === null ? null : this.#lastHistogram.slice();
  }

  /** Analyses a whole in-memory interleaved signal in capacity-sized chunks (tests, benches). */
  analyse(pcm: Float32Array, channels: number, chunkFrames: number = this.capacityFrames): Float64Array {
    if (!Number.isInteger(chunkFrames) || chunkFrames < 1 || chunkFrames > this.capacityFrames) {
      throw new DspArgumentError(`chunkFrames: expected an integer in 1..${this.capacityFrames}, received ${chunkFrames}`);
    }
    this.begin(channels);
    if (pcm.length % channels !== 0) {
      throw new DspArgumentError(
        `pcm: expected a whole number of ${channels}-channel frames, received ${pcm.length} samples`,
      );
    }
    const totalFrames = pcm.length / channels;
    for (let start = 0; start < totalFrames; start += chunkFrames) {
      const frames = Math.min(chunkFrames, totalFrames - start);
      this.input().set(pcm.subarray(start * channels, (start + frames) * channels), 0);
      this.push(frames);
    }
    return this.finish();
  }

  /**
   * Bench-only: skips the feature groups in `mask` (bits of dsp-wasm/featureToggles.ts) from the
   * next `begin` on, leaving their slots NaN, so a bench can measure the per-group time split.
   * 0 enables everything again (the default).
   */
  setDisabledFeatures(mask: number): void {
    if (!Number.isInteger(mask) || mask < 0 || mask > 0xffff) {
      throw new DspArgumentError(`mask: expected an integer bit mask in 0..65535, received ${String(mask)}`);
    }
    if (this.#exports.setDisabledFeatures === undefined) {
      throw new DspUnavailableError('build/dsp.wasm: this build has no feature toggles (setDisabledFeatures)');
    }
    this.#exports.setDisabledFeatures(mask);
  }

  /** The raw exports, for test-only functions (FFT checks, feature groups' test exports). */
  get rawExports(): DspExports {
    return this.#exports;
  }
}

/** Indices of the slots a result leaves NaN (dimensions not computed by this build). */
export function missingSlots(values: Float64Array): number[] {
  const missing: number[] = [];
  values.forEach((value, index) => {
    if (Number.isNaN(value)) missing.push(index);
  });
  return missing;
}

/** Instantiates the DSP core (compiled once per process). */
export async function createDsp(options: DspOptions = {}): Promise<Dsp> {
  const module = await compileModule(options.debug === true);
  const instance = await WebAssembly.instantiate(module, {
    env: {
      abort(messagePointer: number, filePointer: number, line: number, column: number): never {
        const memory = instance.exports.memory as WebAssembly.Memory;
        throw new Error(
          `dsp.wasm abort: ${readAsString(memory, messagePointer)} at ${readAsString(memory, filePointer)}:${line}:${column}`,
        );
      },
    },
  });
  return new Dsp(instance.exports as unknown as DspExports);
}

/** Reads an AssemblyScript string (UTF-16, byte length stored 4 bytes before the pointer). */
function readAsString(memory: WebAssembly.Memory, pointer: number): string {
  if (pointer === 0) return '';
  const length = new Uint32Array(memory.buffer, pointer - 4, 1)[0]! >>> 1;
  return String.fromCharCode(...new Uint16Array(memory.buffer, pointer, length));
}
