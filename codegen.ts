/**
 * graphql-codegen (client preset), both from the committed schema/schema.graphql. Run `npm run codegen`.
 * - schema/client/generated: typed documents for the operations in schema/client/operations (committed).
 * - web/src/gql: the web app's `graphql()` function and types for the `graphql(`…`)` operations written in
 *   web/src (committed), so the app speaks only the public API through typed documents.
 */
import type { CodegenConfig } from '@graphql-codegen/cli';

/** The generated code's shape, shared by both targets. */
const typedDocuments = {
  // Type stripping allows no TS enums; unions of string literals instead.
  enumsAsTypes: true,
  useTypeImports: true,
  scalars: { DateTime: 'string' },
  strictScalars: true,
  skipTypename: true,
  documentMode: 'documentNode',
} as const;

const config: CodegenConfig = {
  schema: 'schema/schema.graphql',
  ignoreNoDocuments: false,
  // Node runs the generated TypeScript directly: relative imports need their `.ts` extension (Vite accepts them).
  importExtension: '.ts',
  generates: {
    'schema/client/generated/': {
      documents: ['schema/client/operations/*.graphql'],
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: typedDocuments,
    },
    'web/src/gql/': {
      documents: ['web/src/**/*.{ts,tsx}', '!web/src/gql/**'],
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      // graphcache normalises by __typename: the web documents keep it.
      config: { ...typedDocuments, skipTypename: false },
    },
  },
};

export default config;
