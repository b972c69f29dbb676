/** The library database: entities, ORM factory, migrations helpers, repositories, errors. */
export { Track } from './Track.ts';
export { FingerprintNormaliser } from './FingerprintNormaliser.ts';
export { TrackFingerprint, fingerprintToGroups, fingerprintToVector, fingerprintValues } from './TrackFingerprint.ts';
export { FingerprintStatus, FINGERPRINT_STATUSES, isFingerprintStatus } from './fingerprintStatus.ts';
export {
  createOrm,
  openDatabase,
  migrateToLatest,
  migrateDown,
  migrationStatus,
  ENTITIES,
  BUSY_TIMEOUT_MS,
  CACHE_SIZE_KIB,
  type CreateOrmOptions,
  type MigrationState,
} from './createOrm.ts';
export { TrackRepository, type TrackInput, type TrackPatch, type TrackFields, type TrackFilter } from './TrackRepository.ts';
export {
  FingerprintRepository,
  fingerprintValuesOf,
  trackIdOf,
  percentileOfSorted,
  UPSERT_CHUNK_ROWS,
  type UpsertStrategy,
  type DimensionStats,
  type FingerprintStats,
  type VectorMatrix,
  type FingerprintRecord,
} from './FingerprintRepository.ts';
export { type FingerprintInput } from './fingerprintInput.ts';
export {
  checkDimensionRange,
  checkDimensionRanges,
  rangesToFilter,
  type FloatRange,
  type DimensionRanges,
  type DimensionRange,
} from './dimensionRanges.ts';
export { MAX_PAGE_SIZE, DEFAULT_PAGE_SIZE, checkPage, type PageOptions, type Page } from './pagination.ts';
export * from './errors.ts';
