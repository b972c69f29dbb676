import { builder } from '../server/graphql/builder.ts';
import type { UserErrorShape } from '../server/graphql/payload.ts';

/** An expected failure of a mutation, returned in its payload instead of a GraphQL error. */
export const UserError = builder.objectRef<UserErrorShape>('UserError').implement({
  description: 'An expected failure: which input field, what was expected and received, and a stable code.',
  fields: (t) => ({
    field: t.exposeStringList('field', {
      nullable: true,
      description: 'Path of the input field at fault, e.g. `["path"]` or `["values", "lufs"]`.',
    }),
    message: t.exposeString('message'),
    code: t.exposeString('code', { description: 'SCREAMING_SNAKE_CASE, e.g. PATH_OUTSIDE_LIBRARY, NOT_FOUND.' }),
  }),
});
