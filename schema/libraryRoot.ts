/** `libraryRoots`: the folders mutations and extraction jobs may read (server/library/libraryRoots.ts). */
import { builder } from '../server/graphql/builder.ts';
import type { LibraryRootInfo } from '../server/library/libraryRoots.ts';

export const LibraryRootRef = builder.objectRef<LibraryRootInfo>('LibraryRoot').implement({
  description: 'A folder of the library: files inside it may be added and analysed.',
  fields: (t) => ({
    path: t.exposeString('path', { description: 'Absolute path of the folder.' }),
    stored: t.exposeBoolean('stored', { description: 'Stored in the database by `auralis scan`.' }),
    configured: t.exposeBoolean('configured', { description: 'Given by AURALIS_LIBRARY_ROOTS.' }),
    storedAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When `auralis scan` stored it; null for a root that is only configured.',
      resolve: (root) => root.storedAt,
    }),
  }),
});

builder.queryField('libraryRoots', (t) =>
  t.field({
    type: [LibraryRootRef],
    description:
      'The library roots: every folder given to `auralis scan` on this database plus AURALIS_LIBRARY_ROOTS. ' +
      'With none, `startExtraction` and `extractFingerprint` answer NO_LIBRARY_ROOTS.',
    resolve: (_root, _args, context) => context.libraryRoots.list(),
  }),
);
