/**
 * Storage form of the gating-block loudness histogram (the levels group's `loudnessHistogramPointer()` /
 * `loudnessHistogramLength()`: block counts per loudness bin, libebur128-style), so ReplayGain album gain can
 * be recomputed exactly from the stored tracks (docs/fingerprint.md, "ReplayGain 2.0").
 *
 * A track fills only a few of the bins, so the stored bytes are sparse: little-endian float64 values
 * `[binCount, bin₀, count₀, bin₁, count₁, …]` for the non-zero bins in ascending order. Bin indices and
 * counts are whole numbers below 2^53, exact in a float64.
 */
import { InvalidLoudnessHistogramError } from './replayGain.ts';

/** The sparse bytes of a dense histogram (each count finite and ≥ 0). */
export function encodeLoudnessHistogram(counts: ArrayLike<number>): Uint8Array {
  const nonZero: number[] = [];
  for (let bin = 0; bin < counts.length; bin++) {
    const count = counts[bin]!;
    if (!Number.isFinite(count) || count < 0) {
      throw new InvalidLoudnessHistogramError(`loudness histogram bin ${bin}: expected a finite count ≥ 0, received ${count}`);
    }
    if (count > 0) nonZero.push(bin, count);
  }
  const view = new DataView(new ArrayBuffer(8 * (1 + nonZero.length)));
  view.setFloat64(0, counts.length, true);
  nonZero.forEach((value, index) => view.setFloat64(8 * (index + 1), value, true));
  return new Uint8Array(view.buffer);
}

/** The dense histogram of stored bytes. */
export function decodeLoudnessHistogram(bytes: Uint8Array): Float64Array {
  if (bytes.byteLength < 8 || bytes.byteLength % 16 !== 8) {
    throw new InvalidLoudnessHistogramError(
      `loudness histogram: expected 8 + 16·k bytes, received ${bytes.byteLength}`,
    );
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const binCount = view.getFloat64(0, true);
  if (!Number.isSafeInteger(binCount) || binCount < 0 || binCount > 1 << 20) {
    throw new InvalidLoudnessHistogramError(`loudness histogram: expected a bin count 0…1048576, received ${binCount}`);
  }
  const counts = new Float64Array(binCount);
  for (let offset = 8; offset < bytes.byteLength; offset += 16) {
    const bin = view.getFloat64(offset, true);
    const count = view.getFloat64(offset + 8, true);
    if (!Number.isInteger(bin) || bin < 0 || bin >= binCount || !Number.isFinite(count) || count < 0) {
      throw new InvalidLoudnessHistogramError(`loudness histogram: bin ${bin} with count ${count} is outside 0…${binCount - 1}`);
    }
    counts[bin] = count;
  }
  return counts;
}
