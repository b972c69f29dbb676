import { FRAME_SIZE, HOP_SIZE, powerPointer, setFrame } from '../frame';
import { hannWindow } from './window';
import { realFftPower } from './fft';

/**
 * Streaming STFT of the mono mix. Each `push` chunk's mono samples are appended after the carried
 * tail of the previous chunk (< FRAME_SIZE samples), every complete frame is analysed in order, and
 * the tail is moved to the front again. Frames are identical whatever the chunking.
 */

/** Largest chunk, in frames, that `appendMono` accepts (the input buffer's capacity). */
export const MAX_CHUNK_FRAMES: i32 = 16384;

const monoBuffer = new StaticArray<f32>(FRAME_SIZE + MAX_CHUNK_FRAMES + 8);
const monoPointer: usize = changetype<usize>(monoBuffer);
const windowed = new StaticArray<f32>(FRAME_SIZE + 4);
const windowedPointer: usize = changetype<usize>(windowed);

/** Samples held in monoBuffer. */
let monoLength: i32 = 0;
/** Start of the next frame in monoBuffer. */
let nextFrameStart: i32 = 0;
let framesDone: i32 = 0;

export function resetStft(): void {
  monoLength = 0;
  nextFrameStart = 0;
  framesDone = 0;
}

/** Number of STFT frames analysed so far. */
export function stftFrameCount(): i32 {
  return framesDone;
}

/**
 * Appends the mono mix of `frames` interleaved frames at `input` (1 or 2 channels; already sanitised)
 * and returns the byte address of the appended mono samples (valid until the next `compact`).
 */
export function appendMono(input: usize, frames: i32, channels: i32): usize {
  const destination = monoPointer + (<usize>monoLength << 2);
  if (channels == 1) {
    memory.copy(destination, input, <usize>frames << 2);
  } else {
    const half = f32x4.splat(0.5);
    let i = 0;
    for (; i + 4 <= frames; i += 4) {
      const a = v128.load(input + (<usize>i << 3));
      const b = v128.load(input + (<usize>i << 3) + 16);
      const left = v128.shuffle<f32>(a, b, 0, 2, 4, 6);
      const right = v128.shuffle<f32>(a, b, 1, 3, 5, 7);
      v128.store(destination + (<usize>i << 2), f32x4.mul(f32x4.add(left, right), half));
    }
    for (; i < frames; i++) {
      const l = load<f32>(input + (<usize>i << 3));
      const r = load<f32>(input + (<usize>i << 3), 4);
      store<f32>(destination + (<usize>i << 2), (l + r) * <f32>0.5);
    }
  }
  monoLength += frames;
  return destination;
}

/**
 * Computes the next complete frame into the shared frame state (frame.ts) and returns true, or
 * returns false when fewer than FRAME_SIZE samples remain.
 */
export function nextFrame(): bool {
  if (monoLength - nextFrameStart < FRAME_SIZE) return false;
  const source = monoPointer + (<usize>nextFrameStart << 2);
  const window = changetype<usize>(hannWindow(FRAME_SIZE));
  let sumSquares = f32x4.splat(0);
  for (let i = 0; i < FRAME_SIZE; i += 4) {
    const offset = <usize>i << 2;
    const x = v128.load(source + offset);
    sumSquares = f32x4.add(sumSquares, f32x4.mul(x, x));
    v128.store(windowedPointer + offset, f32x4.mul(x, v128.load(window + offset)));
  }
  const meanSquare =
    (<f64>f32x4.extract_lane(sumSquares, 0) +
      <f64>f32x4.extract_lane(sumSquares, 1) +
      <f64>f32x4.extract_lane(sumSquares, 2) +
      <f64>f32x4.extract_lane(sumSquares, 3)) /
    <f64>FRAME_SIZE;
  realFftPower(FRAME_SIZE, windowedPointer, powerPointer);
  setFrame(source, meanSquare, framesDone);
  framesDone++;
  nextFrameStart += HOP_SIZE;
  return true;
}

/** Moves the unprocessed tail (< FRAME_SIZE samples) to the front of the mono buffer. */
export function compact(): void {
  const keep = monoLength - nextFrameStart;
  if (nextFrameStart > 0) {
    memory.copy(monoPointer, monoPointer + (<usize>nextFrameStart << 2), <usize>keep << 2);
  }
  monoLength = keep;
  nextFrameStart = 0;
}
