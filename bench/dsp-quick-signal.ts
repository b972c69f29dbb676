/** The deterministic 4-minute stereo 44.1 kHz music-like signal of bench/dsp-quick.ts (120 BPM kick, hats, an A major triad, bass, noise). */
const SAMPLE_RATE = 44_100;
const SECONDS = 240;

/** Interleaved stereo PCM, 240 s at 44.1 kHz, peak below 1. */
export function musicLikeSignal(): Float32Array {
  const frames = SAMPLE_RATE * SECONDS;
  const pcm = new Float32Array(frames * 2);
  let seed = 12345;
  const random = () => {
    seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
    return seed / 4294967296 - 0.5;
  };
  const beat = SAMPLE_RATE / 2; // 120 BPM
  const chord = [220, 277.18, 329.63];
  for (let i = 0; i < frames; i++) {
    const t = i / SAMPLE_RATE;
    const sinceBeat = i % beat;
    const kick = Math.exp(-sinceBeat / 2000) * Math.sin(2 * Math.PI * 55 * (sinceBeat / SAMPLE_RATE)) * 0.5;
    const hat = (i % (beat / 2) < 800 ? Math.exp(-(i % (beat / 2)) / 200) : 0) * random() * 0.3;
    let tonal = 0;
    for (const f of chord) tonal += 0.08 * Math.sin(2 * Math.PI * f * t);
    const bass = 0.15 * Math.sin(2 * Math.PI * 55 * t);
    const noise = 0.01 * random();
    pcm[2 * i] = kick + hat + tonal + bass + noise;
    pcm[2 * i + 1] = kick + 0.7 * hat + 0.9 * tonal + bass + 0.01 * random();
  }
  return pcm;
}
