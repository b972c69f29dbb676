import { frameSilent, powerPointer } from '../frame';
import { featureEnabled, FEATURE_CHROMA, FEATURE_HPSS, FEATURE_PITCH } from '../featureToggles';
import {
  setResult,
  SLOT_CHROMA_ENERGY,
  SLOT_HARMONIC_RATIO,
  SLOT_KEY_CONFIDENCE,
  SLOT_KEY_MODE,
  SLOT_KEY_PITCH_CLASS,
  SLOT_PITCH_STABILITY,
} from '../slots';
import { chromaEnergy, chromaFrame, chromaReset } from './chroma';
import { hpssFinish, hpssFrame, hpssReset } from './hpss';
import { keyChromaFinish, keyChromaFrame, keyChromaReset } from './keyChroma';
import { estimateKey, keyConfidence, keyMode, keyPitchClass } from './keyEstimate';
import { pitchPushMono, pitchReset, pitchStability } from './yin';

/**
 * The harmonic group (dimensions 18–20 and the key facts of fingerprint v2, docs/fingerprint.md): HPSS,
 * chroma and the key chroma per STFT frame, YIN on the mono samples; each writes its slots at the end.
 * The key rides on the chroma switch (FEATURE_CHROMA) of the bench.
 */

export function resetHarmonic(): void {
  hpssReset();
  pitchReset();
  chromaReset();
  keyChromaReset();
}

/** Mono hook: the chunk's mono samples go to the YIN decimator. */
export function harmonicMono(pointer: usize, count: i32): void {
  if (featureEnabled(FEATURE_PITCH)) pitchPushMono(pointer, count);
}

/** Frame hook. */
export function harmonicFrame(): void {
  if (featureEnabled(FEATURE_HPSS)) hpssFrame(powerPointer);
  if (featureEnabled(FEATURE_CHROMA)) {
    chromaFrame(powerPointer, frameSilent);
    keyChromaFrame(powerPointer, frameSilent);
  }
}

/** Finish hook: writes slots 17, 18, 19 and the key facts 28, 29, 30. */
export function finishHarmonic(): void {
  if (featureEnabled(FEATURE_HPSS)) setResult(SLOT_HARMONIC_RATIO, hpssFinish());
  if (featureEnabled(FEATURE_PITCH)) setResult(SLOT_PITCH_STABILITY, pitchStability());
  if (featureEnabled(FEATURE_CHROMA)) {
    setResult(SLOT_CHROMA_ENERGY, chromaEnergy());
    estimateKey(keyChromaFinish());
    setResult(SLOT_KEY_PITCH_CLASS, <f64>keyPitchClass);
    setResult(SLOT_KEY_MODE, <f64>keyMode);
    setResult(SLOT_KEY_CONFIDENCE, keyConfidence);
  }
}
