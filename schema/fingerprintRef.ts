import type { FingerprintRecord } from '../server/db/FingerprintRepository.ts';
import { builder } from '../server/graphql/builder.ts';

/** The `TrackFingerprint` type's reference, declared apart so that track.ts and fingerprint.ts can both use it. */
export const FingerprintRef = builder.objectRef<FingerprintRecord>('TrackFingerprint');
