/** Small form and URL helpers of the path, mix and library work views. */

/** `1,2,3` from a query-string value (global IDs contain no comma). */
export function parseIds(value: string | undefined): string[] {
  return (value ?? '').split(',').map((id) => id.trim()).filter((id) => id !== '');
}

export function idsParam(ids: readonly string[]): string {
  return ids.join(',');
}

/** A positive integer from a form field, or null when empty or not one. */
export function positiveInt(value: string): number | null {
  const number = Number(value);
  return value.trim() !== '' && Number.isInteger(number) && number >= 1 ? number : null;
}
