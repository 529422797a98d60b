/**
 * What a frontend team reads in the composed API schema (the one the gateway serves and
 * schema/api.graphql publishes): every list says how much it returns at once, and every
 * connection has the shape Apollo Client's relayStylePagination() expects.
 */
import fs from 'node:fs';
import { getNamedType, GraphQLField, GraphQLSchema, isListType, isNonNullType, isObjectType, GraphQLOutputType } from 'graphql';
import { SUPERGRAPH_PATH } from '../schema/compose';
import { apiSchemaOf } from '../gateway/supergraph-file';

function listOf(type: GraphQLOutputType): boolean {
  return isListType(isNonNullType(type) ? type.ofType : type);
}

function objectFields(schema: GraphQLSchema): { owner: string; field: GraphQLField<unknown, unknown> }[] {
  return Object.values(schema.getTypeMap())
    .filter((type) => isObjectType(type) && !type.name.startsWith('__'))
    .flatMap((type) => Object.values((type as ReturnType<typeof schema.getQueryType> & object).getFields()).map((field) => ({ owner: type.name, field })));
}

describe('the API schema frontend teams read', () => {
  let schema: GraphQLSchema;
  beforeAll(async () => {
    schema = await apiSchemaOf(fs.readFileSync(SUPERGRAPH_PATH, 'utf8'));
  });

  it('makes every connection a Relay connection', () => {
    const connections = Object.values(schema.getTypeMap()).filter((type) => isObjectType(type) && type.name.endsWith('Connection'));
    expect(connections.length).toBeGreaterThan(5);
    for (const connection of connections) {
      const fields = Object.keys((connection as any).getFields());
      expect({ connection: connection.name, fields }).toEqual({ connection: connection.name, fields: expect.arrayContaining(['edges', 'nodes', 'pageInfo']) });
      const edge = getNamedType((connection as any).getFields().edges.type);
      expect(Object.keys((edge as any).getFields()).sort()).toEqual(['cursor', 'node']);
    }
    expect(Object.keys((schema.getType('PageInfo') as any).getFields()).sort()).toEqual(['endCursor', 'hasNextPage', 'hasPreviousPage', 'startCursor']);
  });

  it('states the page-size limit of every paged list, and why every other list of objects is not paged', () => {
    const unstated: string[] = [];
    for (const { owner, field } of objectFields(schema)) {
      const returns = getNamedType(field.type);
      const paged = returns.name.endsWith('Connection');
      const rows = listOf(field.type) && isObjectType(returns) && !owner.endsWith('Connection') && !owner.endsWith('Edge');
      const description = field.description ?? '';
      if (paged && !/at most \d+ a page/.test(description)) unstated.push(`${owner}.${field.name} (paged)`);
      if (rows && !/not paged|at most \d+/i.test(description)) unstated.push(`${owner}.${field.name} (list)`);
    }
    expect(unstated).toEqual([]);
  });
});
