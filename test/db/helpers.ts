import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { MikroORM } from '@mikro-orm/sqlite';
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
