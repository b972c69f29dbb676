import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261125000001_tracks } from './Migration20261125000001_tracks.ts';
import { Migration20261125000002_track_fingerprints } from './Migration20261125000002_track_fingerprints.ts';
import { Migration20261125000003_fingerprint_normalisers } from './Migration20261125000003_fingerprint_normalisers.ts';
import { Migration20261210000001_library_roots } from './Migration20261210000001_library_roots.ts';
import { Migration20261215000001_library_changes } from './Migration20261215000001_library_changes.ts';
import { Migration20261220000001_extraction_jobs } from './Migration20261220000001_extraction_jobs.ts';
import { Migration20261225000001_fingerprint_v2 } from './Migration20261225000001_fingerprint_v2.ts';
import { Migration20261230000001_timbre } from './Migration20261230000001_timbre.ts';
import { Migration20270105000001_similarity_graph } from './Migration20270105000001_similarity_graph.ts';
import { Migration20270110000001_library_map } from './Migration20270110000001_library_map.ts';
import { Migration20270110000001_users } from './Migration20270110000001_users.ts';
import { Migration20270110000002_tracks_album_index } from './Migration20270110000002_tracks_album_index.ts';
import { Migration20270115000001_single_precision_values } from './Migration20270115000001_single_precision_values.ts';
import { Migration20270115000002_track_plays } from './Migration20270115000002_track_plays.ts';
import { Migration20270115000003_stars } from './Migration20270115000003_stars.ts';
import { Migration20270115000004_ratings } from './Migration20270115000004_ratings.ts';

/**
 * Every migration, oldest first. Passed to MikroORM as `migrations.migrationsList`, so nothing is
 * discovered by globbing files (which works the same under Node type stripping, in tests and in the CLI).
 * Append new migrations at the end; never edit or reorder an existing one.
 */
export const MIGRATIONS: MigrationObject[] = [
  { name: 'Migration20261125000001_tracks', class: Migration20261125000001_tracks },
  { name: 'Migration20261125000002_track_fingerprints', class: Migration20261125000002_track_fingerprints },
  { name: 'Migration20261125000003_fingerprint_normalisers', class: Migration20261125000003_fingerprint_normalisers },
  { name: 'Migration20261210000001_library_roots', class: Migration20261210000001_library_roots },
  { name: 'Migration20261215000001_library_changes', class: Migration20261215000001_library_changes },
  { name: 'Migration20261220000001_extraction_jobs', class: Migration20261220000001_extraction_jobs },
  { name: 'Migration20261225000001_fingerprint_v2', class: Migration20261225000001_fingerprint_v2 },
  { name: 'Migration20261230000001_timbre', class: Migration20261230000001_timbre },
  { name: 'Migration20270105000001_similarity_graph', class: Migration20270105000001_similarity_graph },
  { name: 'Migration20270110000001_library_map', class: Migration20270110000001_library_map },
  { name: 'Migration20270110000001_users', class: Migration20270110000001_users },
  { name: 'Migration20270110000002_tracks_album_index', class: Migration20270110000002_tracks_album_index },
  { name: 'Migration20270115000001_single_precision_values', class: Migration20270115000001_single_precision_values },
  { name: 'Migration20270115000002_track_plays', class: Migration20270115000002_track_plays },
  { name: 'Migration20270115000003_stars', class: Migration20270115000003_stars },
  { name: 'Migration20270115000004_ratings', class: Migration20270115000004_ratings },
];
