/**
 * graphql-codegen (client preset): typed documents for the operations in schema/client/operations, generated
 * from the committed schema/schema.graphql into schema/client/generated (committed). Run `npm run codegen`.
 */
import type { CodegenConfig } from '@graphql-codegen/cli';

const config: CodegenConfig = {
  schema: 'schema/schema.graphql',
  documents: ['schema/client/operations/*.graphql'],
  ignoreNoDocuments: false,
  // Node runs the generated TypeScript directly: relative imports need their `.ts` extension.
  importExtension: '.ts',
  generates: {
    'schema/client/generated/': {
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: {
        // Type stripping allows no TS enums; unions of string literals instead.
        enumsAsTypes: true,
        useTypeImports: true,
        scalars: { DateTime: 'string' },
        strictScalars: true,
        skipTypename: true,
        documentMode: 'documentNode',
      },
    },
  },
};

export default config;
