import { Type, type EntityProperty, type Platform } from '@mikro-orm/core';
import { SqlitePlatform } from '@mikro-orm/sql';

/**
 * A 64-bit IEEE float column that stores the same values on SQLite and PostgreSQL.
 *
 * SQLite's REAL is 8 bytes whatever the declared name, but PostgreSQL's `real` is 4 bytes, so on
 * PostgreSQL the column is `double precision`. SQLite keeps the name its existing databases were created
 * with (`real` for the fingerprint dimensions, `double` for durations and times): the migrations in
 * migrations/ are frozen history, and test/db/schema.test.ts compares them with what this type declares.
 */
export class Float64Type extends Type<number, number> {
  /** Declared column type on SQLite (`real` or `double`; both have REAL affinity). */
  readonly sqliteName: 'real' | 'double';

  constructor(sqliteName: 'real' | 'double') {
    super();
    this.sqliteName = sqliteName;
  }

  override getColumnType(_prop: EntityProperty, platform: Platform): string {
    return platform instanceof SqlitePlatform ? this.sqliteName : platform.getDoubleDeclarationSQL();
  }

  /** Drivers return numbers; a string (a driver without a float parser) is parsed. */
  override convertToJSValue(value: number): number {
    return typeof value === 'string' ? Number(value) : value;
  }

  override compareAsType(): string {
    return 'number';
  }
}

/**
 * A 64-bit integer read and written as a JS number (byte counts): `integer` on SQLite (8 bytes there) and
 * `bigint` on PostgreSQL, whose `int` is 4 bytes and stops at 2 GiB. Exact up to 2^53 − 1 (9 PB).
 */
export class Int64Type extends Type<number, number> {
  override getColumnType(prop: EntityProperty, platform: Platform): string {
    return platform instanceof SqlitePlatform ? 'integer' : platform.getBigIntTypeDeclarationSQL(prop);
  }

  /** pg returns int8 as a string (it may exceed 2^53); the values stored here do not. */
  override convertToJSValue(value: number): number {
    return typeof value === 'string' ? Number(value) : value;
  }

  override compareAsType(): string {
    return 'number';
  }
}
