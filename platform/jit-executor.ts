/**
 * graphql-jit as a subgraph's executor, for the benchmark that weighs it (bench/suites/executor.ts,
 * `BENCH_SUITES=executor npm run bench`): it compiles each operation once into a JavaScript
 * function, where graphql-js walks the document anew on every request. Apollo Server 4 takes a
 * custom executor only through its gateway interface, so the subgraph's own schema is handed over
 * as a "gateway" that serves it. Not used in production: it measured 0.93x graphql-js's headline
 * throughput (README, Performance).
 */
import type { GatewayInterface } from '@apollo/server-gateway-interface';
import { DocumentNode, ExecutionResult, GraphQLSchema } from 'graphql';
import { compileQuery, CompiledQuery, isCompiledQuery } from 'graphql-jit';

export type SubgraphExecutor = 'graphql-js' | 'jit';

export function jitExecutor(schema: GraphQLSchema): GatewayInterface {
  // Apollo Server's document store hands out the same parsed document for a repeated query.
  const compiled = new WeakMap<DocumentNode, Map<string, CompiledQuery | ExecutionResult>>();
  const compile = (document: DocumentNode, operationName: string | undefined) => {
    let byOperation = compiled.get(document);
    if (!byOperation) compiled.set(document, (byOperation = new Map()));
    let query = byOperation.get(operationName ?? '');
    if (!query) byOperation.set(operationName ?? '', (query = compileQuery(schema, document, operationName)));
    return query;
  };
  return {
    onSchemaLoadOrUpdate(callback) {
      callback({ apiSchema: schema, coreSupergraphSdl: '' });
      return () => {};
    },
    async load() {
      return {
        executor: async ({ document, operationName, request, context }) => {
          const query = compile(document, operationName ?? undefined);
          if (!isCompiledQuery(query)) return query;
          return query.query(undefined, context, request.variables ?? {}) as ExecutionResult;
        },
      };
    },
    async stop() {},
  };
}
