import type { CodegenConfig } from '@graphql-codegen/cli';

// Typed operations from the committed SDL (schema.graphql, printed by the API's `print-schema`).
const config: CodegenConfig = {
  schema: 'schema.graphql',
  documents: ['src/**/*.{ts,tsx}', '!src/gql/**/*'],
  ignoreNoDocuments: true,
  generates: {
    'src/gql/': {
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: {
        enumsAsTypes: true,
        useTypeImports: true,
        skipTypename: false,
        scalars: {
          DateTime: 'string',
          Decimal: 'number',
          Long: 'number',
          UUID: 'string',
          JSON: 'Record<string, unknown>',
        },
      },
    },
  },
};

export default config;
