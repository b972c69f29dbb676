import { powerPointer, SAMPLE_RATE } from '../frame';
import { featureEnabled, FEATURE_TEMPORAL } from '../featureToggles';
import {
  setResult,
  SLOT_RHYTHM_STABILITY,
  SLOT_TEMPO_ALTERNATE_BPM,
  SLOT_TEMPO_BPM,
  SLOT_TEMPO_CONFIDENCE,
  SLOT_TRANSIENT_DENSITY,
} from '../slots';
import { rhythmStability } from './beats';
import { onsetEnvelopeLength, onsetEnvelopePointer, onsetFrame, onsetHighEnvelopePointer, onsetReset } from './onsetEnvelope';
import { tempoAlternateBpm, tempoBpm, tempoConfidence } from './tempo';
import { countOnsets, transientDensity } from './transients';

/**
 * The temporal group (SPEC-fingerprint.md dimensions 11–13): the onset envelope is built per STFT
 * frame; tempo_bpm, rhythm_stability and transient_density are derived from it at the end.
 * Durations count the mono samples pushed (seconds of audio = samples / 44100).
 */

let monoSamples: i64 = 0;

export function resetTemporal(): void {
  onsetReset();
  monoSamples = 0;
}

/** Mono hook: counts the audio's duration. */
export function temporalMono(pointer: usize, count: i32): void {
  monoSamples += count;
}

/** Frame hook. */
export function temporalFrame(): void {
  if (featureEnabled(FEATURE_TEMPORAL)) onsetFrame(powerPointer);
}

/** Finish hook: writes slots 10, 11, 12 and the facts 25 (tempo confidence), 26 (alternate tempo). */
export function finishTemporal(): void {
  if (!featureEnabled(FEATURE_TEMPORAL)) return;
  const seconds = <f64>monoSamples / SAMPLE_RATE;
  const envelope = onsetEnvelopePointer();
  const length = onsetEnvelopeLength();
  // Peak picked once: transient_density counts these onsets, and tempo is 0 without any.
  const onsets = countOnsets(envelope, length);
  const tempo = tempoBpm(envelope, onsetHighEnvelopePointer(), length, seconds, onsets);
  setResult(SLOT_TEMPO_BPM, tempo);
  setResult(SLOT_TEMPO_CONFIDENCE, tempoConfidence());
  setResult(SLOT_TEMPO_ALTERNATE_BPM, tempoAlternateBpm());
  setResult(SLOT_RHYTHM_STABILITY, rhythmStability(envelope, length, tempo));
  setResult(SLOT_TRANSIENT_DENSITY, transientDensity(onsets, seconds));
}
