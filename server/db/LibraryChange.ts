import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

/**
 * The change log of what the similarity index reads (table `library_changes`): every write of
 * `track_fingerprints` or `fingerprint_normalisers` adds a row in its own transaction, so `max(seq)` moves
 * with every committed change, whichever process or machine made it. Only the latest change per track is
 * kept (UNIQUE track_id), which bounds the table by the number of tracks. All SQL goes through
 * LibraryChangeRepository.
 */
export const LibraryChange = defineEntity({
  name: 'LibraryChange',
  tableName: 'library_changes',
  properties: {
    /** Increases with every recorded change (never reused). */
    seq: p.integer().primary().autoincrement(),
    /** The track whose fingerprint changed; null for a change of the stored normalisers. */
    trackId: p.integer().nullable().unique('library_changes_track_id_unique'),
    /** `upsert`, `delete` (the fingerprint or its track was deleted) or `normalisers`. */
    kind: p.text(),
    changedAt: p.datetime(),
  },
});

export type LibraryChange = InferEntity<typeof LibraryChange>;
