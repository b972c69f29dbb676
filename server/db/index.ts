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
  READ_CACHE_SIZE_KIB,
  type CreateOrmOptions,
  type MigrationState,
} from './createOrm.ts';
export {
  TrackRepository,
  TRACK_ORDER_FIELDS,
  TRACK_SELECTIONS,
  withoutFingerprint,
  isStale,
  type TrackRecord,
  type TrackInput,
  type TrackFields,
  type TrackFilter,
  type TrackOrder,
  type TrackOrderField,
  type TrackSelection,
  type TrackScanState,
  type TrackTagKey,
  type TrackTagGroup,
} from './TrackRepository.ts';
export {
  FingerprintRepository,
  fingerprintValuesOf,
  percentileOfSorted,
  UPSERT_CHUNK_ROWS,
  type DimensionStats,
  type FingerprintStats,
  type FingerprintTableState,
  type VectorMatrix,
  type FingerprintRecord,
} from './FingerprintRepository.ts';
export { NormaliserRepository, type NormaliserRecord } from './NormaliserRepository.ts';
export { LibraryChange } from './LibraryChange.ts';
export { LibraryChangeRepository, type LibraryChangeRecord } from './LibraryChangeRepository.ts';
export { type FingerprintInput } from './fingerprintInput.ts';
export { checkFingerprintWhere, whereCondition, MAX_WHERE_DEPTH, type FingerprintWhere, type CheckedWhere } from './fingerprintWhere.ts';
export { checkDimensionRange, checkDimensionRanges, type FloatRange, type DimensionRanges, type DimensionRange } from './dimensionRanges.ts';
export {
  MAX_PAGE_SIZE,
  DEFAULT_PAGE_SIZE,
  checkKeysetRequest,
  type KeysetRequest,
  type KeysetPosition,
  type KeysetPage,
} from './pagination.ts';
export { dbOf, isSqlite, runQuery, selectRows, timestampValue, dateOf, MAX_PARAMETERS, type Db } from './sql.ts';
export { WriteLockSqliteDriver, BEGIN_RETRY_MS } from './writeLockDriver.ts';
export * from './errors.ts';
export { SimilarityEdge, SimilarityGraph } from './SimilarityEdge.ts';
export { SimilarityEdgeRepository, EDGE_CHUNK_ROWS, type SimilarityEdgeRecord, type SimilarityGraphRecord } from './SimilarityEdgeRepository.ts';
export { LibraryMap } from './LibraryMap.ts';
export { LibraryMapRepository, CorruptLibraryMapError, encodeMapPoints, decodeMapPoints, type LibraryMapRecord } from './LibraryMapRepository.ts';
export { User } from './User.ts';
export { UserRepository, type UserRecord } from './UserRepository.ts';
