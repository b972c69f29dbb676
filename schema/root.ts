import { builder } from '../server/graphql/builder.ts';

builder.queryType({
  description: 'Read the library: tracks, fingerprints, range queries, the dimension catalogue and statistics.',
});

builder.mutationType({
  description:
    'Change the library. When AURALIS_API_TOKEN is set, every mutation needs `Authorization: Bearer <token>`. ' +
    'Paths must resolve inside AURALIS_LIBRARY_ROOTS. Expected failures come back in `userErrors`.',
  authScopes: { mutator: true },
});
