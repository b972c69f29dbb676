import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

/**
 * One library root (table `library_roots`): a folder given to `auralis scan`, stored so that a server on
 * the same database knows which folders its mutations may read without AURALIS_LIBRARY_ROOTS (the
 * variable still adds roots; server/library/libraryRoots.ts takes the union). All SQL goes through
 * LibraryRootRepository.
 */
export const LibraryRoot = defineEntity({
  name: 'LibraryRoot',
  tableName: 'library_roots',
  properties: {
    id: p.integer().primary().autoincrement(),
    /** Absolute real path of the folder (realpath at scan time); unique. */
    path: p.text().unique('library_roots_path_unique'),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});

export type LibraryRoot = InferEntity<typeof LibraryRoot>;
