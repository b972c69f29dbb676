import { AuralisError } from '../errors.ts';

/** A dimension name that is not in the catalogue (server/fingerprint/dimensions.ts). Code `UNKNOWN_DIMENSION`. */
export class UnknownDimensionError extends AuralisError {
  constructor(name: string, options: { field?: readonly string[]; cause?: unknown } = {}) {
    super('UNKNOWN_DIMENSION', `\`${name}\`: unknown dimension; expected one of the 25 catalogue names (e.g. lufs, tempoBpm)`, {
      field: options.field ?? [name],
    });
  }
}

/** A range whose bounds are not finite numbers or exclude every value (min > max). Code `INVALID_RANGE`. */
export class InvalidRangeError extends AuralisError {
  constructor(message: string, options: { field?: readonly string[]; cause?: unknown } = {}) {
    super('INVALID_RANGE', message, options);
  }
}

/** A page size (`limit` / `first`) outside 1…MAX_PAGE_SIZE, or a bad offset / cursor. Code `PAGE_SIZE_EXCEEDED` or `INVALID_PAGINATION`. */
export class PaginationError extends AuralisError {}

/** A fingerprint value that is missing, not a finite number, or outside its dimension's valid range. Code `INVALID_FINGERPRINT`. */
export class InvalidFingerprintError extends AuralisError {
  constructor(message: string, options: { field?: readonly string[]; cause?: unknown } = {}) {
    super('INVALID_FINGERPRINT', message, options);
  }
}

/** A track field that is not what the table accepts (relative path, negative size …). Code `INVALID_TRACK`. */
export class InvalidTrackError extends AuralisError {
  constructor(message: string, options: { field?: readonly string[]; cause?: unknown } = {}) {
    super('INVALID_TRACK', message, options);
  }
}

/** No track with that id / path. Code `TRACK_NOT_FOUND`. */
export class TrackNotFoundError extends AuralisError {
  constructor(what: number | string, options: { field?: readonly string[] } = {}) {
    super(
      'TRACK_NOT_FOUND',
      typeof what === 'number' ? `track ${what}: not found` : `\`${what}\`: no track with this path`,
      options,
    );
  }
}

/** The track has no fingerprint. Code `FINGERPRINT_NOT_FOUND`. */
export class FingerprintNotFoundError extends AuralisError {
  constructor(trackId: number, options: { field?: readonly string[] } = {}) {
    super('FINGERPRINT_NOT_FOUND', `track ${trackId}: has no fingerprint`, options);
  }
}

/** Another track already has this path. Code `TRACK_ALREADY_EXISTS`. */
export class DuplicateTrackError extends AuralisError {
  constructor(path: string) {
    super('TRACK_ALREADY_EXISTS', `\`${path}\`: a track with this path already exists`, { field: ['path'] });
  }
}

/** The track already has a fingerprint (use upsert to replace it). Code `FINGERPRINT_ALREADY_EXISTS`. */
export class DuplicateFingerprintError extends AuralisError {
  constructor(trackId: number) {
    super('FINGERPRINT_ALREADY_EXISTS', `track ${trackId}: already has a fingerprint; upsert replaces it`);
  }
}

/** `auralis user add` with a name that is taken. Code `USER_ALREADY_EXISTS`. */
export class UserAlreadyExistsError extends AuralisError {
  constructor(name: string) {
    super('USER_ALREADY_EXISTS', `user "${name}": already exists; expected a new name (auralis user list shows them)`, { field: ['name'] });
  }
}

/** A user name that is not stored. Code `USER_NOT_FOUND`. */
export class UserNotFoundError extends AuralisError {
  constructor(name: string) {
    super('USER_NOT_FOUND', `user "${name}": not found; expected a name from auralis user list`, { field: ['name'] });
  }
}
