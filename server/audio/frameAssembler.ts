/**
 * Turns a byte stream of interleaved float32 PCM, cut anywhere (a read may end mid-sample or mid-frame),
 * into whole-frame chunks written straight into a sink's buffer: each byte is copied once, from the read
 * buffer into `sink.target()` (for the analyser, WASM memory). A chunk is handed over when the target is
 * full, and the remainder on `flush()`.
 */
import type { PcmSink } from './decodeAudio.ts';

export class FrameAssembler {
  readonly #sink: PcmSink;
  /** Bytes per interleaved frame: 4 × channels. */
  readonly #frameBytes: number;
  #target: Uint8Array = new Uint8Array(0);
  #filled = 0;
  #frames = 0;

  constructor(sink: PcmSink, channels: number) {
    this.#sink = sink;
    this.#frameBytes = 4 * channels;
    this.#nextTarget();
  }

  /** Frames handed to the sink so far. */
  get frames(): number {
    return this.#frames;
  }

  #nextTarget(): void {
    const bytes = this.#sink.target();
    const usable = bytes.length - (bytes.length % this.#frameBytes);
    if (usable <= 0) {
      throw new RangeError(`PcmSink.target(): expected room for at least one frame, received ${bytes.length} bytes`);
    }
    this.#target = usable === bytes.length ? bytes : bytes.subarray(0, usable);
  }

  #handOver(frames: number): void {
    this.#filled = 0;
    this.#frames += frames;
    this.#sink.write(frames);
    this.#nextTarget();
  }

  /** Takes the first `count` bytes of `buffer` (which the caller may reuse as soon as this returns). */
  accept(buffer: Uint8Array, count: number): void {
    let offset = 0;
    while (offset < count) {
      const n = Math.min(count - offset, this.#target.length - this.#filled);
      this.#target.set(n === buffer.length ? buffer : buffer.subarray(offset, offset + n), this.#filled);
      this.#filled += n;
      offset += n;
      if (this.#filled === this.#target.length) this.#handOver(this.#filled / this.#frameBytes);
    }
  }

  /**
   * Hands over the whole frames still pending; returns the bytes of an incomplete last frame that are
   * dropped (0 for a well-formed stream).
   */
  flush(): number {
    const whole = Math.floor(this.#filled / this.#frameBytes);
    const dropped = this.#filled - whole * this.#frameBytes;
    if (whole > 0) this.#handOver(whole);
    return dropped;
  }
}
