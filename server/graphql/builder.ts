/**
 * The Pothos schema builder: plugins, context and scalar typing only. It defines no types; every type lives
 * in its own module under `schema/` and `schema/index.ts` imports them.
 */
import SchemaBuilder from '@pothos/core';
import RelayPlugin from '@pothos/plugin-relay';
import ScopeAuthPlugin from '@pothos/plugin-scope-auth';
import { AuralisError } from '../errors.ts';
import type { AuralisContext } from './context.ts';
import { decodeGlobalId, encodeGlobalId } from './globalId.ts';

/** Types that implement `Node` (and can be fetched with `node(id)`). */
const NODE_TYPES = new Set(['Track']);

export const builder = new SchemaBuilder<{
  Context: AuralisContext;
  Scalars: {
    /** Output: a Date, or ms since the Unix epoch (read records keep the stored number). */
    DateTime: { Input: Date; Output: Date | number };
  };
  AuthScopes: {
    /** The request may run mutations: no AURALIS_API_TOKEN is configured, or it sent the right bearer token. */
    mutator: boolean;
  };
  /** Fields are non-null unless declared `nullable: true`. */
  DefaultFieldNullability: false;
  DefaultEdgesNullability: { list: false; items: false };
  DefaultNodeNullability: false;
}>({
  plugins: [ScopeAuthPlugin, RelayPlugin],
  defaultFieldNullability: false,
  scopeAuth: {
    authScopes: (context) => ({ mutator: context.auth.canMutate }),
    unauthorizedError: (_parent, context) =>
      new AuralisError('UNAUTHENTICATED', context.auth.problem ?? 'not authorised to run mutations'),
  },
  relay: {
    clientMutationId: 'omit',
    cursorType: 'String',
    nodesQueryOptions: false,
    nodeQueryOptions: {
      // A well-formed ID of a type that is not a node would otherwise surface as an unexpected error.
      resolve: (_root, { id }, _context, _info, resolveNode) => {
        if (!NODE_TYPES.has(id.typename)) {
          throw new AuralisError('INVALID_ID', `expected the global ID of a ${[...NODE_TYPES].join(' or ')}, received one of a ${id.typename}`, {
            field: ['id'],
          });
        }
        return resolveNode(id);
      },
    },
    edgesFieldOptions: { nullable: { list: false, items: false } },
    nodeFieldOptions: { nullable: false },
    encodeGlobalID: encodeGlobalId,
    decodeGlobalID: (globalId) => decodeGlobalId(globalId),
  },
});
