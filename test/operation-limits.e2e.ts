/**
 * Abusive documents are refused by the gateway before any planning, so no subgraph hears of
 * them; production hides the schema; browsers may call only from allowed origins.
 */
import { Federation, startFederation } from './support/federation';
import { SANDBOX_ORIGIN } from '../gateway/server/settings';

describe('the gateway refuses abusive operations before planning', () => {
  let development: Federation;
  let production: Federation;

  beforeAll(async () => {
    // One after the other: eight embedded databases starting at once on this worker's one thread
    // can keep a first connection waiting past the pool's timeout on a busy machine.
    development = await startFederation({ seed: false });
    production = await startFederation({ seed: false, production: true });
  });
  afterAll(async () => Promise.all([development?.stop(), production?.stop()]));

  async function refused(query: string) {
    const before = development.subgraphRequests();
    const response = await development.query(query);
    expect(development.subgraphRequests()).toEqual(before);
    expect(response.data).toBeUndefined();
    return response.errors![0];
  }

  const nest = (depth: number) => 'district { regency { districts { villages { '.repeat(depth) + 'code' + ' } } } }'.repeat(depth);

  it.each([
    ['too deep', `{ village(code: "81.71.02.1011") { ${nest(3)} } }`, /depth/i],
    ['too many aliases', `{ ${Array.from({ length: 20 }, (_, i) => `a${i}: regency(code: "81.71") { name }`).join(' ')} }`, /aliases/i],
    ['too many directives', `{ regency(code: "81.71") { name ${'@include(if: true) '.repeat(25)} } }`, /directives/i],
    ['too costly', '{ villages(first: 500) { nodes { workers(first: 2000) { nodes { nik fullName village { name } } } } } }', /cost/i],
    ['too long', `{ regency(code: "81.71") { ${'name '.repeat(1200)} } }`, /token/i],
  ])('refuses a document %s', async (_name, query, message) => {
    const error = await refused(query);
    expect(error.message).toMatch(message);
    expect(error.extensions!.code).toMatch(/^GRAPHQL_(VALIDATION|PARSE)_FAILED$/);
  });

  it('refuses the costly query when its page sizes come as variables, with a coded 400, before any subgraph hears of it', async () => {
    const query = `query Flood($a: Int, $b: Int) { villages(first: $a) { nodes { workers(first: $b) { nodes { nik fullName membership { coverage(asOf: "2021-06-30") { programs } } } } } } }`;
    const before = development.subgraphRequests();
    const response = await fetch(development.gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(await development.actingAs('flooder@ambon.example')) },
      body: JSON.stringify({ query, variables: { a: 50, b: 2000 } }),
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { errors: { extensions: Record<string, any> }[] };
    expect(body.errors[0].extensions).toMatchObject({ code: 'GRAPHQL_VALIDATION_FAILED', reason: 'COST_LIMIT', maxCost: 100_000 });
    expect(body.errors[0].extensions.cost).toBeGreaterThan(1_000_000);
    expect(development.subgraphRequests()).toEqual(before);
  });

  it('refuses a roster reached through the unpaged region lists as it refuses the same through paged villages', async () => {
    const paged = await refused('{ villages(regencyCode: "81.71", first: 50) { nodes { workers(first: 1000) { nodes { nik fullName } } } } }');
    const nested = await refused('{ regency(code: "81.71") { districts { villages { workers(first: 1000) { nodes { nik fullName } } } } } }');
    expect(nested.extensions).toMatchObject({ code: 'GRAPHQL_VALIDATION_FAILED', reason: 'COST_LIMIT' });
    expect(nested.extensions!.code).toBe(paged.extensions!.code);
    for (const refusal of [paged, nested]) expect(refusal.message).toMatch(/cost/i);
    // The region tree itself stays within the limit (the analysts' CoverageByArea reads it so): it is passed on.
    const before = development.subgraphRequests().population;
    const tree = await development.query('{ regency(code: "81.71") { districts { code villages { code name kind } } } }');
    expect(tree.errors?.map((e) => e.extensions?.code) ?? []).not.toContain('GRAPHQL_VALIDATION_FAILED');
    expect(development.subgraphRequests().population).toBe(before + 1);
  });

  it('answers an ordinary batch and refuses one larger than the limit', async () => {
    const send = (size: number) =>
      fetch(development.gateway.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(Array.from({ length: size }, () => ({ query: '{ __typename }' }))),
      });
    const small = await send(2);
    expect(small.status).toBe(200);
    expect(await small.json()).toEqual([{ data: { __typename: 'Query' } }, { data: { __typename: 'Query' } }]);
    const large = await send(6);
    expect(large.status).toBe(400);
    expect(await large.json()).toEqual({ errors: [{ message: 'A batch may hold at most 5 operations; this one holds 6.', extensions: { code: 'BAD_REQUEST' } }] });
  });

  it('lets a development browser introspect, and in production only staff holding schema:read', async () => {
    const introspection = '{ __schema { queryType { name } } }';
    const answered = { __schema: { queryType: { name: 'Query' } } };
    expect((await development.query(introspection, {}, { authorization: '' })).data).toEqual(answered);
    expect((await production.query(introspection, {}, await production.as('analyst'))).data).toEqual(answered);
    const post = (headers: Record<string, string>, query = introspection) =>
      fetch(production.gateway.url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query }) });
    const anonymous = await post({});
    expect(anonymous.status).toBe(401);
    expect(((await anonymous.json()) as any).errors[0].extensions.code).toBe('UNAUTHENTICATED');
    // A partner learns a card's status, not the shape of the graph; a fragment or __type hides nothing.
    const partner = await production.as('partner-agency');
    for (const query of [introspection, '{ __type(name: "Worker") { name } }', '{ ...Q } fragment Q on Query { __schema { types { name } } }']) {
      const refused = await post(partner, query);
      expect(refused.status).toBe(403);
      expect(((await refused.json()) as any).errors[0].extensions.code).toBe('FORBIDDEN');
    }
    expect(await (await post(partner, '{ __typename }')).json()).toEqual({ data: { __typename: 'Query' } });
  });

  it('shows the landing page only in development', async () => {
    const page = (federation: Federation) => fetch(federation.gateway.url, { headers: { accept: 'text/html' } });
    expect(await (await page(development)).text()).toMatch(/<html/i);
    expect(await (await page(production)).text()).not.toMatch(/<html/i);
  });

  it('refuses a simple cross-site GET (CSRF prevention)', async () => {
    const url = `${development.gateway.url}?query=${encodeURIComponent('{ __typename }')}`;
    expect((await fetch(url)).status).toBe(400);
    expect((await fetch(url, { headers: { 'apollo-require-preflight': 'true' } })).status).toBe(200);
  });

  it('answers CORS preflights only for allowed origins (Apollo Sandbox in development only)', async () => {
    const preflight = (federation: Federation, origin: string) =>
      fetch(federation.gateway.url, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization' } });
    const sandbox = await preflight(development, SANDBOX_ORIGIN);
    expect(sandbox.status).toBe(204);
    expect(sandbox.headers.get('access-control-allow-origin')).toBe(SANDBOX_ORIGIN);
    expect(sandbox.headers.get('access-control-allow-headers')).toContain('authorization');
    const stranger = await preflight(development, 'https://evil.example');
    expect(stranger.status).toBe(403);
    expect(stranger.headers.get('access-control-allow-origin')).toBeNull();
    expect((await preflight(production, SANDBOX_ORIGIN)).headers.get('access-control-allow-origin')).toBeNull();
  });
});
