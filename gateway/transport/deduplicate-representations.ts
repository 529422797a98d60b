/**
 * Entity representations de-duplicated before a subgraph fetch leaves the gateway: a roster of
 * 1,000 workers funded by one allocation asks the budget subgraph for one `Allocation`, not 1,000
 * copies of it. The answer (entities and errors alike) is spread back to every original position,
 * so the gateway's query plan sees no difference. It wraps the whole data source, so whatever
 * the source adds to a request (the signed caller assertion over the variables) covers what is
 * actually sent.
 */
import type { GraphQLDataSource, GraphQLDataSourceProcessOptions } from '@apollo/gateway';

interface EntitiesError {
  path?: readonly (string | number)[];
}

export function deduplicatingDataSource(source: GraphQLDataSource): GraphQLDataSource {
  return {
    async process(options: GraphQLDataSourceProcessOptions) {
      const representations = options.request.variables?.representations;
      if (!Array.isArray(representations)) return source.process(options);
      const indexOf = new Map<string, number>();
      const unique: unknown[] = [];
      const positions = representations.map((representation) => {
        const key = JSON.stringify(representation);
        let at = indexOf.get(key);
        if (at === undefined) {
          at = unique.length;
          indexOf.set(key, at);
          unique.push(representation);
        }
        return at;
      });
      if (unique.length === representations.length) return source.process(options);
      const response = await source.process({
        ...options,
        request: { ...options.request, variables: { ...options.request.variables, representations: unique } },
      } as GraphQLDataSourceProcessOptions);
      const entities = response.data?._entities;
      if (Array.isArray(entities)) response.data!._entities = positions.map((at) => entities[at]);
      if (response.errors) {
        response.errors = response.errors.flatMap((error) => {
          const [head, at, ...rest] = (error as EntitiesError).path ?? [];
          if (head !== '_entities' || typeof at !== 'number') return [error];
          return positions.flatMap((unique, original) =>
            unique === at ? [{ ...error, path: ['_entities', original, ...rest] }] : [],
          );
        });
      }
      return response;
    },
  };
}
