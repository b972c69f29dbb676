/**
 * Errors crossing the worker-thread boundary. Structured cloning keeps an Error's message but not its
 * class or extra fields, so a worker sends a plain `SerializedError` and the main thread rebuilds it:
 * a named error comes back as an AuralisError with the same `code`, `message`, `name` and `field`.
 */
import { AuralisError, isAuralisError } from '../errors.ts';

/** An error as plain data (what a worker posts back). `code` is absent for unexpected errors. */
export interface SerializedError {
  readonly name: string;
  readonly message: string;
  readonly code?: string;
  readonly field?: readonly string[];
  readonly stack?: string;
}

/** Plain data for any thrown value (non-Errors become their string form). */
export function serializeError(error: unknown): SerializedError {
  if (isAuralisError(error)) {
    return { name: error.name, message: error.message, code: error.code, field: error.field, stack: error.stack };
  }
  if (error instanceof Error) return { name: error.name, message: error.message, stack: error.stack };
  return { name: 'Error', message: String(error) };
}

/**
 * The error again, on this side of the boundary: an AuralisError (same code, message, name, field) when it
 * was one, else a plain Error with the original message; the worker's stack is kept as `cause`'s text.
 */
export function deserializeError(serialized: SerializedError): Error {
  const error =
    serialized.code === undefined
      ? new Error(serialized.message)
      : new AuralisError(serialized.code, serialized.message, serialized.field ? { field: serialized.field } : {});
  error.name = serialized.name;
  if (serialized.stack) error.stack = `${serialized.stack}\n    (in an analysis worker thread)`;
  return error;
}
