import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { MikroORM } from '@mikro-orm/sql';
import { DIMENSIONS, type FingerprintValues } from '../../server/fingerprint/dimensions.ts';

/** A fresh temporary folder for database files; `cleanup()` removes it. */
export function tempDir(prefix = 'auralis-db-'): { dir: string; file: (name: string) => string; cleanup: () => void } {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  return { dir, file: (name) => path.join(dir, name), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * Step of dimension i in syntheticValues: the power of two at or below 1/2048 of its valid range, so
 * every value is exactly representable (and a REAL round trip is exact) and 2048 steps stay in range.
 */
export function syntheticStep(index: number): number {
  const { min, max } = DIMENSIONS[index]!.range;
  return 2 ** Math.floor(Math.log2((max - min) / 2048));
}

/** Dimension i of syntheticValues(base) is syntheticValueAt(i, base + i): range.min + (position + 8)·step. */
export function syntheticValueAt(index: number, position: number): number {
  return DIMENSIONS[index]!.range.min + (position + 8) * syntheticStep(index);
}

/**
 * Synthetic but exactly representable fingerprint values (storage-layer tests), inside every valid range for
 * base −8…2000: dimension i gets syntheticValueAt(i, base + i), affine in base, distinct per base.
 */
export function syntheticValues(base: number): FingerprintValues {
  return Object.fromEntries(DIMENSIONS.map((d, i) => [d.key, syntheticValueAt(i, base + i)])) as FingerprintValues;
}

/** Runs one raw SQL statement on the ORM's connection (outside any entity manager state). */
export async function sql<T = Record<string, unknown>>(orm: MikroORM, query: string, params: unknown[] = []): Promise<T[]> {
  return orm.em.getConnection().execute(query, params, 'all') as Promise<T[]>;
}

/** The schema of a database as plain data: sqlite_master (normalised SQL) plus the pragmas per table and index. */
export async function describeSchema(orm: MikroORM): Promise<Record<string, unknown>> {
  const master = await sql<{ type: string; name: string; tbl_name: string; sql: string | null }>(
    orm,
    "select type, name, tbl_name, sql from sqlite_master where name not like 'sqlite_%' and name not like 'mikro_orm_%' order by type, name",
  );
  const tables: Record<string, unknown> = {};
  for (const table of master.filter((m) => m.type === 'table')) {
    const indexes = await sql<{ name: string; unique: number; origin: string; partial: number }>(
      orm,
      `pragma index_list(\`${table.name}\`)`,
    );
    const indexDetails: Record<string, unknown> = {};
    for (const index of [...indexes].sort((a, b) => a.name.localeCompare(b.name))) {
      indexDetails[index.name] = {
        unique: index.unique,
        origin: index.origin,
        partial: index.partial,
        columns: await sql(orm, `pragma index_info(\`${index.name}\`)`),
      };
    }
    tables[table.name] = {
      columns: await sql(orm, `pragma table_xinfo(\`${table.name}\`)`),
      foreignKeys: await sql(orm, `pragma foreign_key_list(\`${table.name}\`)`),
      indexes: indexDetails,
    };
  }
  return {
    master: master.map((m) => ({ ...m, sql: m.sql?.replace(/\s+/g, ' ').trim() ?? null })),
    tables,
  };
}

/**
 * The schema of a PostgreSQL database as plain data (schema `public`, MikroORM's own tables left out):
 * columns from information_schema.columns, indexes from pg_indexes (their full definitions) and
 * constraints (primary, unique, check, foreign keys with their delete rule) from pg_constraint.
 */
export async function describePostgresSchema(orm: MikroORM): Promise<Record<string, unknown>> {
  const columns = await sql(
    orm,
    `select table_name, column_name, ordinal_position, data_type, is_nullable, column_default
       from information_schema.columns
      where table_schema = 'public' and table_name not like 'mikro_orm_%'
      order by table_name, ordinal_position`,
  );
  const indexes = await sql(
    orm,
    `select tablename, indexname, indexdef from pg_indexes
      where schemaname = 'public' and tablename not like 'mikro_orm_%' order by tablename, indexname`,
  );
  const constraints = await sql(
    orm,
    `select conrelid::regclass::text as table_name, conname::text as name, contype::text as type,
            pg_get_constraintdef(oid) as definition
       from pg_constraint
      where connamespace = 'public'::regnamespace and conrelid::regclass::text not like 'mikro_orm_%'
      order by 1, 2`,
  );
  return { columns, indexes, constraints };
}

/** One engine's schema reduced to what both engines share: column names, order, nullability and kinds, indexes, foreign keys. */
export interface PortableSchema {
  readonly tables: Record<
    string,
    {
      readonly columns: { name: string; type: string; notNull: boolean; primaryKey: boolean }[];
      /** Secondary indexes (unique ones included, the primary key's left out) by name. */
      readonly indexes: Record<string, { unique: boolean; columns: string[] }>;
      readonly foreignKeys: { column: string; references: string; onDelete: string }[];
    }
  >;
}

/** The SQLite side of PortableSchema (declared column types lower-cased, e.g. `real`, `double`, `datetime`). */
export async function portableSqliteSchema(orm: MikroORM): Promise<PortableSchema> {
  const tables: Record<string, PortableSchema['tables'][string]> = {};
  const names = await sql<{ name: string }>(
    orm,
    "select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like 'mikro_orm_%' order by name",
  );
  for (const { name } of names) {
    const columns = await sql<{ name: string; type: string; notnull: number; pk: number }>(orm, `pragma table_xinfo(\`${name}\`)`);
    const indexList = await sql<{ name: string; unique: number; origin: string }>(orm, `pragma index_list(\`${name}\`)`);
    const indexes: Record<string, { unique: boolean; columns: string[] }> = {};
    for (const index of indexList.filter((i) => i.origin !== 'pk')) {
      const info = await sql<{ seqno: number; name: string }>(orm, `pragma index_info(\`${index.name}\`)`);
      indexes[index.name] = { unique: index.unique === 1, columns: info.sort((a, b) => a.seqno - b.seqno).map((c) => c.name) };
    }
    const foreignKeys = await sql<{ from: string; table: string; to: string; on_delete: string }>(orm, `pragma foreign_key_list(\`${name}\`)`);
    tables[name] = {
      columns: columns.map((c) => ({ name: c.name, type: c.type.toLowerCase(), notNull: c.notnull === 1 || c.pk > 0, primaryKey: c.pk > 0 })),
      indexes,
      // Ordered by column: SQLite lists them in reverse declaration order, PostgreSQL by column.
      foreignKeys: foreignKeys
        .map((f) => ({ column: f.from, references: `${f.table}.${f.to}`, onDelete: f.on_delete.toLowerCase() }))
        .sort((a, b) => a.column.localeCompare(b.column)),
    };
  }
  return { tables };
}

/** The PostgreSQL side of PortableSchema (types as information_schema names them, e.g. `double precision`). */
export async function portablePostgresSchema(orm: MikroORM): Promise<PortableSchema> {
  const columns = await sql<{ table_name: string; column_name: string; data_type: string; is_nullable: string; primary_key: boolean }>(
    orm,
    `select c.table_name, c.column_name, c.data_type, c.is_nullable,
            exists (select 1 from information_schema.table_constraints tc
                      join information_schema.key_column_usage k
                        on k.constraint_name = tc.constraint_name and k.table_name = tc.table_name
                     where tc.constraint_type = 'PRIMARY KEY' and tc.table_name = c.table_name
                       and k.column_name = c.column_name) as primary_key
       from information_schema.columns c
      where c.table_schema = 'public' and c.table_name not like 'mikro_orm_%'
      order by c.table_name, c.ordinal_position`,
  );
  const indexes = await sql<{ table_name: string; name: string; unique: boolean; columns: string[] }>(
    orm,
    `select t.relname::text as table_name, i.relname::text as name, x.indisunique as unique,
            array(select a.attname::text from unnest(x.indkey) with ordinality as k(attnum, position)
                    join pg_attribute a on a.attrelid = t.oid and a.attnum = k.attnum order by k.position) as columns
       from pg_index x
       join pg_class i on i.oid = x.indexrelid
       join pg_class t on t.oid = x.indrelid
       join pg_namespace n on n.oid = t.relnamespace
      where n.nspname = 'public' and t.relname not like 'mikro_orm_%' and not x.indisprimary
      order by 1, 2`,
  );
  const foreignKeys = await sql<{ table_name: string; column_name: string; references: string; on_delete: string }>(
    orm,
    `select k.table_name, k.column_name, u.table_name || '.' || u.column_name as references, lower(r.delete_rule) as on_delete
       from information_schema.referential_constraints r
       join information_schema.key_column_usage k on k.constraint_name = r.constraint_name
       join information_schema.constraint_column_usage u on u.constraint_name = r.unique_constraint_name
      where k.table_schema = 'public'
      order by 1, 2`,
  );
  const tables: Record<string, PortableSchema['tables'][string]> = {};
  for (const c of columns) {
    const table = (tables[c.table_name] ??= { columns: [], indexes: {}, foreignKeys: [] });
    table.columns.push({ name: c.column_name, type: c.data_type, notNull: c.is_nullable === 'NO', primaryKey: c.primary_key });
  }
  for (const i of indexes) tables[i.table_name]!.indexes[i.name] = { unique: i.unique, columns: i.columns };
  for (const f of foreignKeys) tables[f.table_name]!.foreignKeys.push({ column: f.column_name, references: f.references, onDelete: f.on_delete });
  return { tables };
}
