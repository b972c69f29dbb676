/**
 * The library roots: the folders mutations and extraction may read. They are the union of the roots stored
 * in the database (`library_roots`, every folder given to `auralis scan`) and the configured ones
 * (AURALIS_LIBRARY_ROOTS), so `serve` on a scanned database needs no environment variable.
 */
import { realpath } from 'node:fs/promises';
import path from 'node:path';
import type { EntityManager } from '@mikro-orm/sql';
import { LibraryRootRepository } from '../db/LibraryRootRepository.ts';

/** One root and where it comes from. */
export interface LibraryRootInfo {
  /** Absolute path. */
  readonly path: string;
  /** Stored in the database by `auralis scan`. */
  readonly stored: boolean;
  /** Given by AURALIS_LIBRARY_ROOTS. */
  readonly configured: boolean;
  /** When it was stored; null for a root that is only configured. */
  readonly storedAt: Date | null;
}

export class LibraryRootService {
  readonly #repository: LibraryRootRepository;
  readonly #configured: readonly string[];

  /** @param configured absolute roots from the configuration (AURALIS_LIBRARY_ROOTS). */
  constructor(em: EntityManager, configured: readonly string[]) {
    this.#repository = new LibraryRootRepository(em);
    this.#configured = configured;
  }

  /** Every root: the configured ones first (in their order), then the stored ones (oldest first). */
  async list(): Promise<LibraryRootInfo[]> {
    const stored = await this.#repository.list();
    const storedAt = new Map(stored.map((root) => [root.path, root.createdAt]));
    const roots: LibraryRootInfo[] = this.#configured.map((root) => ({
      path: root,
      stored: storedAt.has(root),
      configured: true,
      storedAt: storedAt.get(root) ?? null,
    }));
    const configured = new Set(this.#configured);
    for (const root of stored) {
      if (!configured.has(root.path)) roots.push({ path: root.path, stored: true, configured: false, storedAt: root.createdAt });
    }
    return roots;
  }

  /** The paths of every root (the union the path guard checks). */
  async paths(): Promise<string[]> {
    return (await this.list()).map((root) => root.path);
  }

  /**
   * Stores scanned folders as roots: each resolved to its absolute real path (the folder must exist);
   * a folder already stored is left as it was. Returns how many were new.
   */
  async remember(folders: readonly string[]): Promise<number> {
    const real: string[] = [];
    for (const folder of folders) real.push(await realpath(path.resolve(folder)));
    return this.#repository.add(real);
  }
}
