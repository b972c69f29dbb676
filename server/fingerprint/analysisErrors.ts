/** Named errors of the analysis facade (decoding errors live in server/audio/errors.ts). */
import { AuralisError } from '../errors.ts';

/** The DSP core returned ±Infinity for a dimension: a defect, never stored (code `NON_FINITE_RESULT`). */
export class NonFiniteResultError extends AuralisError {
  constructor(source: string, key: string, value: number) {
    super('NON_FINITE_RESULT', `\`${source}\`: ${key} came out as ${value}; expected a finite value (a DSP defect)`);
  }
}

/** analysePcm was given PCM it cannot analyse (code `INVALID_PCM`). */
export class InvalidPcmError extends AuralisError {
  constructor(message: string) {
    super('INVALID_PCM', message);
  }
}
