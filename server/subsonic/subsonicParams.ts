/**
 * The parameters of a `/rest/` request: the query string, plus the form body of a POST
 * (`application/x-www-form-urlencoded`, the formPost extension). Checked accessors name the parameter in
 * their errors (10 when missing, 0 when malformed).
 */
import { SubsonicCode, SubsonicError, missingParameter } from './subsonicError.ts';

/** Largest form body read, bytes. */
const MAX_FORM_BYTES = 64 * 1024;

export class SubsonicParams {
  readonly #values: URLSearchParams;

  constructor(values: URLSearchParams) {
    this.#values = values;
  }

  /** The query string and, for a form POST, the body's fields (after the query's). */
  static async of(request: Request): Promise<SubsonicParams> {
    const values = new URLSearchParams(new URL(request.url).search);
    const type = request.headers.get('content-type') ?? '';
    if (request.method === 'POST' && type.toLowerCase().startsWith('application/x-www-form-urlencoded')) {
      const text = await request.text();
      if (Buffer.byteLength(text) > MAX_FORM_BYTES) {
        throw new SubsonicError(SubsonicCode.GENERIC, `form body: expected at most ${MAX_FORM_BYTES} bytes, received ${Buffer.byteLength(text)}`);
      }
      for (const [key, value] of new URLSearchParams(text)) values.append(key, value);
    }
    return new SubsonicParams(values);
  }

  has(name: string): boolean {
    return this.#values.has(name);
  }

  /** The first value, or undefined. */
  get(name: string): string | undefined {
    return this.#values.get(name) ?? undefined;
  }

  /** Every value of a repeated parameter. */
  all(name: string): string[] {
    return this.#values.getAll(name);
  }

  /** The value; error 10 when missing or empty. */
  required(name: string): string {
    const value = this.get(name);
    if (value === undefined || value === '') throw missingParameter(name);
    return value;
  }

  /** An integer in [min, max], `fallback` when absent; error 0 naming the parameter when malformed or outside. */
  integer(name: string, fallback: number, min: number, max: number): number;
  integer(name: string, fallback: undefined, min: number, max: number): number | undefined;
  integer(name: string, fallback: number | undefined, min: number, max: number): number | undefined {
    const raw = this.get(name);
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (!/^-?\d+$/.test(raw) || value < min || value > max) {
      throw new SubsonicError(SubsonicCode.GENERIC, `${name}: expected an integer from ${min} to ${max}, received ${JSON.stringify(raw)}`);
    }
    return value;
  }

  /** A required integer in [min, max]. */
  requiredInteger(name: string, min: number, max: number): number {
    this.required(name);
    return this.integer(name, undefined, min, max)!;
  }
}
