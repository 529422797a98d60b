/**
 * The gateway's audit of a partner's personal data, at the hop to the partner: a real partner
 * subgraph (plain Apollo Server) behind the gateway's own data source. What the partner is asked
 * and what the gateway passes on are checked; recording in population is covered end to end by
 * test/partner-join.e2e.ts.
 */
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { GraphQLDataSourceProcessOptions, RemoteGraphQLDataSource } from '@apollo/gateway';
import { GraphQLDataSourceRequestKind } from '@apollo/gateway/dist/datasources/types';
import { buildSchema } from 'graphql';
import gql from 'graphql-tag';
import { generateSigningKey } from '../contract/caller-keys';
import { PartnerReadAudit } from '../gateway/partner-audit/partner-read-audit';
import { formatError } from '../platform/errors';

const typeDefs = gql`
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.5", import: ["@key"])
  type Query {
    recipients: [Worker!]!
    programmeOf(nik: ID!): Assistance
  }
  type Worker @key(fields: "nik") {
    nik: ID!
    assistance: Assistance
  }
  type Assistance {
    programme: String!
    since: String!
  }
`;
const RECORDS: Record<string, { programme: string; since: string }> = {
  '8171056606880001': { programme: 'PKH', since: '2021-03' },
  '8171016401700001': { programme: 'BPNT', since: '2020-11' },
};
const apiSchema = buildSchema(`
  type Query { recipients: [Worker!]! programmeOf(nik: ID!): Assistance }
  type Worker { nik: ID! assistance: Assistance }
  type Assistance { programme: String! since: String! }
`);

describe("the gateway's audit of a partner's personal data", () => {
  let server: ApolloServer;
  let url: string;
  // A partner that answers the marked field but leaves the NIK it was asked for out of its answer, or lies about it.
  let forgetful: ApolloServer;
  let forgetfulUrl: string;
  const received: string[] = [];
  const audit = new PartnerReadAudit({
    url: () => undefined,
    signer: generateSigningKey(),
    ttlSeconds: 30,
    timeoutMs: 1000,
  });
  audit.update(apiSchema, new Map([['Assistance.programme', 'full']]));

  beforeAll(async () => {
    server = new ApolloServer({
      schema: buildSubgraphSchema([
        {
          typeDefs,
          resolvers: {
            Query: {
              recipients: () => Object.keys(RECORDS).map((nik) => ({ nik })),
              programmeOf: (_: unknown, { nik }: { nik: string }) => RECORDS[nik],
            },
            Worker: {
              __resolveReference: (worker: { nik: string }) => worker,
              assistance: (worker: { nik: string }) => RECORDS[worker.nik],
            },
          },
        },
      ]),
      plugins: [{ requestDidStart: async ({ request }) => void received.push(request.query ?? '') }],
    });
    ({ url } = await startStandaloneServer(server, { listen: { port: 0, host: '127.0.0.1' } }));
    const dropNiks = (value: unknown): void => {
      if (Array.isArray(value)) return value.forEach(dropNiks);
      if (!value || typeof value !== 'object') return;
      for (const key of Object.keys(value)) {
        if (key.startsWith('_auditNik')) delete (value as Record<string, unknown>)[key];
        else dropNiks((value as Record<string, unknown>)[key]);
      }
    };
    forgetful = new ApolloServer({
      // It also answers a made-up NIK for a second worker, whose read population would not record.
      schema: buildSubgraphSchema([
        {
          typeDefs,
          resolvers: {
            Query: { recipients: () => [{ nik: '8171056606880001' }], programmeOf: () => null },
            Worker: { nik: () => 'someone', assistance: () => RECORDS['8171056606880001'] },
          },
        },
      ]),
      plugins: [
        {
          requestDidStart: async ({ request }) => ({
            willSendResponse: async ({ response }) =>
              void (
                response.body.kind === 'single' &&
                request.http?.headers.get('x-drop') &&
                dropNiks(response.body.singleResult.data)
              ),
          }),
        },
      ],
    });
    ({ url: forgetfulUrl } = await startStandaloneServer(forgetful, { listen: { port: 0, host: '127.0.0.1' } }));
  });
  afterAll(async () => {
    await server?.stop();
    await forgetful?.stop();
  });
  beforeEach(() => void (received.length = 0));

  const incoming = (query: string, context: object = {}, variables: Record<string, unknown> = {}) =>
    ({
      kind: GraphQLDataSourceRequestKind.INCOMING_OPERATION,
      request: { query, variables },
      context,
      incomingRequestContext: {} as never,
      document: undefined as never,
      pathInResponse: [],
    }) as unknown as GraphQLDataSourceProcessOptions;
  const fetchFromPartner = (
    query: string,
    context: object = {},
    variables: Record<string, unknown> = {},
    partnerUrl = url,
  ) =>
    audit.wrap('social', new RemoteGraphQLDataSource({ url: partnerUrl })).process(incoming(query, context, variables));

  it('asks the partner for the NIK of each Worker around a marked field, and hands the answer on without it', async () => {
    const answer = await fetchFromPartner('{ recipients { assistance { programme since } } }');
    expect(received).toEqual([expect.stringMatching(/_auditNik_[0-9a-f]{12}: nik/)]);
    expect(answer.data).toEqual({
      recipients: [
        { assistance: { programme: 'PKH', since: '2021-03' } },
        { assistance: { programme: 'BPNT', since: '2020-11' } },
      ],
    });
  });

  it('leaves a query that reads no marked field as it was', async () => {
    const query = '{ recipients { assistance { since } } }';
    await fetchFromPartner(query);
    expect(received).toEqual([query]);
  });

  it('asks for the NIK in an entity fetch too, whose Worker the representations name', async () => {
    const answer = await fetchFromPartner(
      'query($representations: [_Any!]!) { _entities(representations: $representations) { ... on Worker { assistance { programme } } } }',
      {},
      {
        representations: [{ __typename: 'Worker', nik: '8171016401700001' }],
      },
    );
    expect(answer.data).toEqual({ _entities: [{ assistance: { programme: 'BPNT' } }] });
    expect(received[0]).toMatch(/_auditNik_[0-9a-f]{12}: nik/);
  });

  it('refuses, before asking the partner, a marked field that no Worker encloses', async () => {
    await expect(fetchFromPartner('{ programmeOf(nik: "8171056606880001") { programme } }')).rejects.toMatchObject({
      extensions: { code: 'AUDIT_UNAVAILABLE' },
    });
    expect(received).toEqual([]);
  });

  it('names the partner in its refusal, which reaches the client as AUDIT_UNAVAILABLE, not as an internal error', async () => {
    // The gateway passes a data source's refusal on as it was thrown, through the same formatError.
    const refusal = await fetchFromPartner('{ programmeOf(nik: "8171056606880001") { programme } }').catch(
      (error) => error,
    );
    expect(refusal.extensions).toEqual({ code: 'AUDIT_UNAVAILABLE', subgraph: 'social' });
    expect(formatError(refusal.toJSON(), refusal)).toEqual({
      message: refusal.message,
      extensions: { code: 'AUDIT_UNAVAILABLE', subgraph: 'social' },
    });
  });

  it("withholds a marked value when the partner's answer leaves out the NIK it was asked for, or makes one up", async () => {
    const dropping = new RemoteGraphQLDataSource({
      url: forgetfulUrl,
      willSendRequest: ({ request }) => void request.http?.headers.set('x-drop', '1'),
    });
    await expect(
      audit.wrap('social', dropping).process(incoming('{ recipients { assistance { programme } } }')),
    ).rejects.toMatchObject({ extensions: { code: 'AUDIT_UNAVAILABLE' } });
    await expect(
      fetchFromPartner('{ recipients { assistance { programme } } }', {}, {}, forgetfulUrl),
    ).rejects.toMatchObject({ extensions: { code: 'AUDIT_UNAVAILABLE' } });
  });
});
