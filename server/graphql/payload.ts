import { type AuralisError, isAuralisError } from '../errors.ts';

export interface UserErrorShape {
  readonly field: readonly string[] | null;
  readonly message: string;
  readonly code: string;
}

/** A mutation payload: the result's fields on success, `userErrors` always present. */
export type Payload<T extends object> = Partial<T> & { readonly userErrors: readonly UserErrorShape[] };

/** A named error as a `userErrors` entry; `field` when the error names none (default null). */
export function toUserError(error: AuralisError, field: readonly string[] | null = null): UserErrorShape {
  return { field: error.field ?? field, message: error.message, code: error.code };
}

/**
 * Runs a mutation's service call (which may return its own `userErrors`): named errors (AuralisError) become `userErrors`, anything else propagates
 * (and is masked by the server).
 */
export async function toPayload<T extends object>(run: () => Promise<T>): Promise<Payload<T>> {
  try {
    return { userErrors: [], ...(await run()) };
  } catch (error) {
    if (!isAuralisError(error)) throw error;
    return { userErrors: [toUserError(error)] } as unknown as Payload<T>;
  }
}
