/**
 * An agency that runs Hive Gateway instead of ours, in front of the same subgraphs and the same
 * supergraph, with the caller-assertion plugin of examples/hive-gateway: every operation clients
 * keep in schema/operations/ gets the same answer from it as from our gateway.
 */
import { startHiveGateway } from '../examples/hive-gateway/gateway';
import { ALL_SCOPES } from '../contract/scopes';
import { SUBGRAPH_NAMES } from '../contract/subgraph-names';
import { Federation, GraphQLResponse, postGraphQL, startFederation, SUPERGRAPH } from './support/federation';
import { listedOperations } from './support/listed-operations';

const operations = listedOperations();
const CURSOR_FIELDS = new Set(['cursor', 'startCursor', 'endCursor']);
/** Cursors are sealed with a fresh nonce each time they are issued, so only their presence is compared. */
const withoutCursorBytes = (value: unknown): unknown =>
  Array.isArray(value)
    ? value.map(withoutCursorBytes)
    : value && typeof value === 'object'
      ? Object.fromEntries(Object.entries(value).map(([key, v]) => [key, CURSOR_FIELDS.has(key) && typeof v === 'string' ? 'a cursor' : withoutCursorBytes(v)]))
      : value;
/** What a client compares: the data, and each error's place and code. */
const answer = (response: GraphQLResponse) => ({ data: withoutCursorBytes(response.data), errors: response.errors?.map((e) => ({ path: e.path, code: e.extensions?.code })) });

describe.each(['javascript', 'rust'] as const)('Hive Gateway (%s query planner) in front of the same subgraphs', (planner) => {
  let federation: Federation;
  let hive: Awaited<ReturnType<typeof startHiveGateway>>;
  let authorization: Record<string, string>;
  beforeAll(async () => {
    federation = await startFederation();
    hive = await startHiveGateway({
      port: 0,
      supergraphPath: SUPERGRAPH,
      subgraphUrls: Object.fromEntries(SUBGRAPH_NAMES.map((name) => [name, federation.subgraphs[name].url])),
      auth: federation.auth,
      trust: { gatewaySecret: federation.gatewaySecret, callerTokenTtlSeconds: 60 },
      planner,
    });
    authorization = { authorization: `Bearer ${await federation.token({ subject: 'analyst@ambon.example', agency: 'test suite', scopes: ALL_SCOPES, expiresIn: 3600 })}` };
  });
  afterAll(async () => {
    await hive?.stop();
    await federation?.stop();
  });

  it('lists the operations it is compared on', () => {
    expect(operations.map((op) => op.name)).toEqual(expect.arrayContaining(['WorkerCoverage', 'AllocationsOfYear', 'VillageCoverage', 'WorkerHealth']));
  });

  it.each(operations.map((op) => [op.name, op] as const))('answers %s exactly as our gateway does', async (_, operation) => {
    const ours = await postGraphQL(federation.gateway.url, operation.query, operation.variables, authorization);
    const theirs = await postGraphQL(hive.url, operation.query, operation.variables, authorization);
    expect(ours.errors).toBeUndefined();
    expect(ours.data).toBeTruthy();
    expect(answer(theirs)).toEqual(answer(ours));
  });

  it('refuses a caller whose token it cannot verify, as our gateway does', async () => {
    const headline = operations.find((op) => op.name === 'WorkerCoverage')!;
    const forged = await postGraphQL(hive.url, headline.query, headline.variables, { authorization: 'Bearer not-a-token' });
    expect(forged.data?.worker ?? null).toBeNull();
    expect(forged.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});
