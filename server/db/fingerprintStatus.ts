/**
 * Where a track stands with its fingerprint. Stored as text in `tracks.fingerprint_status`
 * (a CHECK constraint limits it to these values).
 *
 * - `MISSING`: no fingerprint row yet.
 * - `CURRENT`: a fingerprint row of the current FINGERPRINT_VERSION.
 * - `STALE`: a fingerprint row of an older version; it is re-analysed by `auralis extract --stale`.
 * - `FAILED`: the last analysis failed; `tracks.last_error` says why.
 */
export const FingerprintStatus = {
  MISSING: 'MISSING',
  CURRENT: 'CURRENT',
  STALE: 'STALE',
  FAILED: 'FAILED',
} as const;

export type FingerprintStatus = (typeof FingerprintStatus)[keyof typeof FingerprintStatus];

/** The statuses in declaration order (for enums, CHECK constraints and counts). */
export const FINGERPRINT_STATUSES: readonly FingerprintStatus[] = Object.values(FingerprintStatus);

export function isFingerprintStatus(value: unknown): value is FingerprintStatus {
  return typeof value === 'string' && (FINGERPRINT_STATUSES as readonly string[]).includes(value);
}
