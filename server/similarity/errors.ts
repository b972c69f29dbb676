import { AuralisError } from '../errors.ts';

/** Custom weights that cannot be used: negative, not finite, all zero, or naming an unknown dimension. Code `INVALID_WEIGHTS`. */
export class InvalidWeightsError extends AuralisError {
  constructor(message: string) {
    super('INVALID_WEIGHTS', message, { field: ['weights'] });
  }
}

/** `first` outside 1…MAX_SIMILAR. Code `INVALID_FIRST`. */
export class InvalidFirstError extends AuralisError {
  constructor(received: unknown, max: number) {
    super('INVALID_FIRST', `first: expected an integer from 1 to ${max}, received ${String(received)}`, { field: ['first'] });
  }
}
