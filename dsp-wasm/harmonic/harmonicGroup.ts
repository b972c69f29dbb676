import { frameSilent, powerPointer } from '../frame';
import { featureEnabled, FEATURE_CHROMA, FEATURE_HPSS, FEATURE_PITCH } from '../featureToggles';
import { setResult, SLOT_CHROMA_ENERGY, SLOT_HARMONIC_RATIO, SLOT_PITCH_STABILITY } from '../slots';
import { chromaEnergy, chromaFrame, chromaReset } from './chroma';
import { hpssFinish, hpssFrame, hpssReset } from './hpss';
import { pitchPushMono, pitchReset, pitchStability } from './yin';

/**
 * The harmonic group (SPEC-fingerprint.md dimensions 18–20): HPSS and chroma per STFT frame, YIN on
 * the mono samples; each writes its slot at the end.
 */

export function resetHarmonic(): void {
  hpssReset();
  pitchReset();
  chromaReset();
}

/** Mono hook: the chunk's mono samples go to the YIN decimator. */
export function harmonicMono(pointer: usize, count: i32): void {
  if (featureEnabled(FEATURE_PITCH)) pitchPushMono(pointer, count);
}

/** Frame hook. */
export function harmonicFrame(): void {
  if (featureEnabled(FEATURE_HPSS)) hpssFrame(powerPointer);
  if (featureEnabled(FEATURE_CHROMA)) chromaFrame(powerPointer, frameSilent);
}

/** Finish hook: writes slots 17, 18, 19. */
export function finishHarmonic(): void {
  if (featureEnabled(FEATURE_HPSS)) setResult(SLOT_HARMONIC_RATIO, hpssFinish());
  if (featureEnabled(FEATURE_PITCH)) setResult(SLOT_PITCH_STABILITY, pitchStability());
  if (featureEnabled(FEATURE_CHROMA)) setResult(SLOT_CHROMA_ENERGY, chromaEnergy());
}
