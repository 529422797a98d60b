/**
 * graphql-codegen's client preset: typed documents for the operations in src/operations/, from the
 * API the gateway serves (schema/api.graphql). Paths are from the project root, where
 * `npm run compose` (and `npx graphql-codegen --config examples/frontend/codegen.ts`) run.
 */
import type { CodegenConfig } from '@graphql-codegen/cli';

const config: CodegenConfig = {
  schema: 'schema/api.graphql',
  documents: ['examples/frontend/src/operations/*.graphql'],
  ignoreNoDocuments: false,
  generates: {
    'examples/frontend/src/gql/': {
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: {
        useTypeImports: true,
        enumsAsTypes: true,
        scalars: {
          Date: 'string',
          DateTime: 'string',
          YearMonth: 'string',
          Rupiah: 'number',
          JSONObject: 'Record<string, unknown>',
        },
      },
    },
  },
};

export default config;
