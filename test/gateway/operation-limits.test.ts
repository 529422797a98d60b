/**
 * Abusive documents are refused by the gateway before any planning, so no subgraph hears of
 * them; production hides the schema; a cross-site form cannot send a query.
 */
import type { RunningGateway } from '../../gateway/server/gateway';
import { GatewayTester, startGatewayTester } from '../support/gateway-tester';
import { smallGraph } from '../support/small-graph';

describe('the gateway refuses abusive operations before planning', () => {
  let tester: GatewayTester;
  let production: RunningGateway;

  beforeAll(async () => {
    tester = await startGatewayTester(smallGraph());
    production = await tester.startGateway({ production: true });
  });
  afterAll(async () => tester?.close());

  async function refused(query: string) {
    const before = tester.subgraphRequests();
    const response = await tester.query(query);
    expect(tester.subgraphRequests()).toEqual(before);
    expect(response.data).toBeUndefined();
    return response.errors![0];
  }

  const nest = (depth: number) =>
    'district { regency { districts { villages { '.repeat(depth) + 'code' + ' } } } }'.repeat(depth);

  it.each([
    ['too deep', `{ village(code: "81.71.02.1011") { ${nest(3)} } }`, /depth/i],
    [
      'too many aliases',
      `{ ${Array.from({ length: 20 }, (_, i) => `a${i}: regency(code: "81.71") { name }`).join(' ')} }`,
      /aliases/i,
    ],
    ['too many directives', `{ regency(code: "81.71") { name ${'@include(if: true) '.repeat(25)} } }`, /directives/i],
    [
      'too costly',
      '{ villages(first: 500) { nodes { workers(first: 2000) { nodes { nik fullName village { name } } } } } }',
      /cost/i,
    ],
    ['too long', `{ regency(code: "81.71") { ${'name '.repeat(1200)} } }`, /token/i],
  ])('refuses a document %s', async (_name, query, message) => {
    const error = await refused(query);
    expect(error.message).toMatch(message);
    expect(error.extensions!.code).toMatch(/^GRAPHQL_(VALIDATION|PARSE)_FAILED$/);
  });

  it('refuses the costly query when its page sizes come as variables, with a coded 400, before any subgraph hears of it', async () => {
    const query = `query Flood($a: Int, $b: Int) { villages(first: $a) { nodes { workers(first: $b) { nodes { nik fullName membership { coverage { programs } } } } } } }`;
    const before = tester.subgraphRequests();
    const { status, body } = await tester.send(
      { query, variables: { a: 50, b: 2000 } },
      {
        authorization: `Bearer ${await tester.token({ subject: 'flooder@ambon.example', scopes: ['workers:read', 'coverage:read'] })}`,
      },
    );
    expect(status).toBe(400);
    expect(body.errors![0].extensions).toMatchObject({
      code: 'GRAPHQL_VALIDATION_FAILED',
      reason: 'COST_LIMIT',
      maxCost: 100_000,
    });
    expect(body.errors![0].extensions!.cost).toBeGreaterThan(1_000_000);
    expect(tester.subgraphRequests()).toEqual(before);
  });

  it('refuses a roster reached through the unpaged region lists as it refuses the same through paged villages', async () => {
    const paged = await refused(
      '{ villages(regencyCode: "81.71", first: 50) { nodes { workers(first: 1000) { nodes { nik fullName } } } } }',
    );
    const nested = await refused(
      '{ regency(code: "81.71") { districts { villages { workers(first: 1000) { nodes { nik fullName } } } } } }',
    );
    expect(nested.extensions).toMatchObject({ code: 'GRAPHQL_VALIDATION_FAILED', reason: 'COST_LIMIT' });
    expect(nested.extensions!.code).toBe(paged.extensions!.code);
    for (const refusal of [paged, nested]) expect(refusal.message).toMatch(/cost/i);
    // The region tree itself stays within the limit (the analysts' CoverageByArea reads it so): it is passed on.
    const before = tester.subgraphRequests().population;
    const tree = await tester.query('{ regency(code: "81.71") { districts { code villages { code name kind } } } }');
    expect(tree.errors).toBeUndefined();
    expect(tester.subgraphRequests().population).toBe(before + 1);
  });

  it('answers an ordinary batch and refuses one larger than the limit', async () => {
    const batch = (size: number) => tester.send(Array.from({ length: size }, () => ({ query: '{ __typename }' })));
    const small = await batch(2);
    expect(small.status).toBe(200);
    expect(small.body).toEqual([{ data: { __typename: 'Query' } }, { data: { __typename: 'Query' } }]);
    const large = await batch(6);
    expect(large.status).toBe(400);
    expect(large.body).toEqual({
      errors: [
        { message: 'A batch may hold at most 5 operations; this one holds 6.', extensions: { code: 'BAD_REQUEST' } },
      ],
    });
  });

  it('lets a development browser introspect, and in production only staff holding schema:read', async () => {
    const introspection = '{ __schema { queryType { name } } }';
    const answered = { __schema: { queryType: { name: 'Query' } } };
    expect((await tester.query(introspection, {}, { authorization: '' })).data).toEqual(answered);
    expect((await tester.send({ query: introspection }, await tester.as('analyst'), production.url)).body.data).toEqual(
      answered,
    );
    const anonymous = await tester.send({ query: introspection }, {}, production.url);
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.errors![0].extensions!.code).toBe('UNAUTHENTICATED');
    // A partner learns a card's status, not the shape of the graph; a fragment or __type hides nothing.
    const partner = await tester.as('partner-agency');
    for (const query of [
      introspection,
      '{ __type(name: "Worker") { name } }',
      '{ ...Q } fragment Q on Query { __schema { types { name } } }',
    ]) {
      const refusal = await tester.send({ query }, partner, production.url);
      expect(refusal.status).toBe(403);
      expect(refusal.body.errors![0].extensions!.code).toBe('FORBIDDEN');
    }
    expect((await tester.send({ query: '{ __typename }' }, partner, production.url)).body).toEqual({
      data: { __typename: 'Query' },
    });
  });

  it('shows the landing page only in development', async () => {
    const page = (url: string) => fetch(url, { headers: { accept: 'text/html' } });
    expect(await (await page(tester.url)).text()).toMatch(/<html/i);
    expect(await (await page(production.url)).text()).not.toMatch(/<html/i);
  });

  it('refuses a simple cross-site GET (CSRF prevention)', async () => {
    const url = `${tester.url}?query=${encodeURIComponent('{ __typename }')}`;
    expect((await fetch(url)).status).toBe(400);
    expect((await fetch(url, { headers: { 'apollo-require-preflight': 'true' } })).status).toBe(200);
  });
});
