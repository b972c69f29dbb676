import { AuralisError } from '../errors.ts';

/** Custom weights that cannot be used: negative, not finite, all zero, or naming an unknown dimension. Code `INVALID_WEIGHTS`. */
export class InvalidWeightsError extends AuralisError {
  constructor(message: string) {
    super('INVALID_WEIGHTS', message, { field: ['weights'] });
  }
}

/**
 * `first` outside 1…max: code `PAGE_SIZE_EXCEEDED` above the maximum (the code the request guard gives a
 * literal `first` > 500), `INVALID_PAGINATION` below 1 or not an integer.
 */
export class InvalidFirstError extends AuralisError {
  constructor(received: unknown, max: number) {
    super(
      typeof received === 'number' && Number.isInteger(received) && received > max ? 'PAGE_SIZE_EXCEEDED' : 'INVALID_PAGINATION',
      `first: expected an integer from 1 to ${max}, received ${String(received)}`,
      { field: ['first'] },
    );
  }
}
