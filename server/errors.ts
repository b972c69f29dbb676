/**
 * Expected failures carry a stable machine-readable `code` (SCREAMING_SNAKE_CASE) and a message that says
 * what was expected and what was received. GraphQL exposes exactly these (as `userErrors` or
 * `extensions.code`) and masks everything else.
 */
export class AuralisError extends Error {
  readonly code: string;
  /** The input field the error is about, when there is one (GraphQL `userErrors.field`). */
  readonly field: readonly string[] | undefined;

  constructor(code: string, message: string, options: { field?: readonly string[]; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.field = options.field;
  }
}

export function isAuralisError(error: unknown): error is AuralisError {
  return error instanceof AuralisError;
}
