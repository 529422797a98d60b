/**
 * Turns a type-graphql schema into an Apollo subgraph: written once, used by every subgraph.
 */
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { printSchemaWithDirectives } from '@graphql-tools/utils';
import gql from 'graphql-tag';
import { GraphQLSchema } from 'graphql';
import { buildSchema, BuildSchemaOptions, createResolversMap } from 'type-graphql';
import { DateScalar, RupiahScalar } from '../platform/scalars';
import { describeAccess } from './access-descriptions';

/** Federation v2.5 brings @authenticated and @requiresScopes; composition 2.14 reads up to v2.14. */
export const FEDERATION_LINK = `extend schema @link(url: "https://specs.apollo.dev/federation/v2.5", import: ["@key", "@shareable", "@external", "@requires", "@provides", "@inaccessible", "@tag", "@authenticated", "@requiresScopes"])`;

const ROOT_DESCRIPTIONS = {
  Query:
    'Reads: look a record up by its key or page through a list. Every field needs a signed-in caller; most need scopes.',
  Mutation: 'Writes: each is one transaction; send an idempotency key to retry safely.',
};

export type ReferenceResolvers = Record<string, { __resolveReference: (reference: any, context: any) => unknown }>;

export async function buildFederatedSchema(
  options: Omit<BuildSchemaOptions, 'skipCheck'>,
  referenceResolvers: ReferenceResolvers = {},
): Promise<GraphQLSchema> {
  const schema = await buildSchema({
    ...options,
    scalarsMap: [{ type: Date, scalar: DateScalar }, ...(options.scalarsMap ?? [])],
    // type-graphql's class-validator pass costs time on every read and our inputs are checked by services.
    validate: false,
    skipCheck: true,
  });
  // Root types have no decorator to describe them; every type carries a description (see test/api-schema.test.ts).
  const queryType = schema.getQueryType();
  if (queryType && !queryType.description) queryType.description = ROOT_DESCRIPTIONS.Query;
  const mutationType = schema.getMutationType();
  if (mutationType && !mutationType.description) mutationType.description = ROOT_DESCRIPTIONS.Mutation;
  describeAccess(schema);
  const resolvers = createResolversMap(schema) as Record<string, Record<string, unknown>>;
  for (const [typeName, reference] of Object.entries(referenceResolvers)) {
    resolvers[typeName] = { ...(resolvers[typeName] ?? {}), ...reference };
  }
  return buildSubgraphSchema([
    {
      typeDefs: gql`
        ${FEDERATION_LINK}
        ${printSchemaWithDirectives(schema)}
      `,
      resolvers: resolvers as GraphQLResolverMap<unknown>,
    },
  ]);
}

export { RupiahScalar, DateScalar };
