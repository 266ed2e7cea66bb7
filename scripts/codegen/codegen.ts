// GraphQL Code Generator: typed operations for the front-end documents in operations/, from
// the exported contract (../../schema.graphql). Any document the schema does not validate
// (unknown field or argument, wrong variable type, missing required input) fails the run.
import type { CodegenConfig } from "@graphql-codegen/cli";

const config: CodegenConfig = {
  schema: "../../schema.graphql",
  documents: "operations/*.graphql",
  // A document that does not parse is an error, not a skipped file.
  noSilentErrors: true,
  generates: {
    "generated/graphql.ts": {
      // typescript-operations (v6) emits the operation result and variable types plus the
      // enums and inputs they use; typed-document-node adds one TypedDocumentNode per
      // operation, which carries both types into `request()`.
      plugins: ["typescript-operations", "typed-document-node"],
      config: {
        useTypeImports: true,
        // Every custom scalar must be mapped: a new scalar in the schema fails the run
        // until the front ends decide how to represent it.
        strictScalars: true,
        scalars: {
          DateTime: "string",
          NaiveDate: "string",
          JSON: "unknown",
        },
      },
    },
  },
};

export default config;
