import type { TrackFingerprint } from '../server/db/TrackFingerprint.ts';
import { builder } from '../server/graphql/builder.ts';

/** The `TrackFingerprint` type's reference, declared apart so that track.ts and fingerprint.ts can both use it. */
export const FingerprintRef = builder.objectRef<TrackFingerprint>('TrackFingerprint');
