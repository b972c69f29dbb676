import { DIMENSIONS, type FingerprintValues, storedValue } from '../../server/fingerprint/dimensions.ts';

/** The values as the database stores them (storedValue: each rounded to the nearest f32), what every read returns. */
export function storedValues(values: Readonly<FingerprintValues>): FingerprintValues {
  return Object.fromEntries(DIMENSIONS.map((d) => [d.key, storedValue(values[d.key])])) as FingerprintValues;
}
