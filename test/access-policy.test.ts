/**
 * The gateway's reading of the supergraph's access rules, for shapes the in-repository
 * subgraphs do not use yet: a mutation somebody forgot to annotate, rules on a whole type.
 */
import { buildSchema, parse, OperationDefinitionNode } from 'graphql';
import { denials, readAccessRules, selectedFields } from '../contract/access-rules';

const SDL = /* GraphQL */ `
  directive @authenticated on FIELD_DEFINITION | OBJECT
  directive @requiresScopes(scopes: [[String!]!]!) on FIELD_DEFINITION | OBJECT
  type Query {
    heir(id: ID!): Heir @requiresScopes(scopes: [["claims:read"]])
    ping: String
  }
  type Mutation {
    payClaim(id: ID!): Claim
  }
  type Heir @requiresScopes(scopes: [["personal-data:read"]]) {
    id: ID!
    name: String!
  }
  type Claim {
    id: ID!
    heir: Heir
  }
`;

describe('a partner adds types and a mutation to the graph', () => {
  const rules = readAccessRules(SDL);
  const schema = buildSchema(SDL);
  const check = (query: string, scopes: string[] | null) => {
    const document = parse(query);
    const operation = document.definitions.find((d) => d.kind === 'OperationDefinition') as OperationDefinitionNode;
    return denials(rules, selectedFields(schema, document, operation), scopes && new Set(scopes)).map(
      (d) => `${d.code} ${d.field}`,
    );
  };

  it('keeps a mutation nobody annotated closed to anonymous callers, and open to signed-in ones', () => {
    expect(check('mutation { payClaim(id: "1") { id } }', null)).toEqual(['UNAUTHENTICATED Mutation.payClaim']);
    expect(check('mutation { payClaim(id: "1") { id } }', [])).toEqual([]);
    expect(check('{ ping }', null)).toEqual(['UNAUTHENTICATED Query.ping']);
  });

  it('applies a rule on a type to every field of it and every field returning it', () => {
    expect(check('mutation { payClaim(id: "1") { heir { name } } }', ['claims:read'])).toEqual([
      'FORBIDDEN Claim.heir',
      'FORBIDDEN Heir.name',
    ]);
    expect(
      check('{ heir(id: "1") { ...H } } fragment H on Heir { name }', ['claims:read', 'personal-data:read']),
    ).toEqual([]);
    expect(check('{ heir(id: "1") { ...H } } fragment H on Heir { name }', ['personal-data:read'])).toEqual([
      'FORBIDDEN Query.heir',
    ]);
  });
});
