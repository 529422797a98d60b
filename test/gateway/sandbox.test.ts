/**
 * A new analyst opens the development gateway in a browser: Apollo Sandbox comes up with an
 * analyst's token in the Authorization header and the first question ready to run, and the docs
 * panel says which scope each field needs. (The first question answered from the seed story:
 * test/sandbox.e2e.ts.)
 */
import { SUPERGRAPH_PATH } from '../../tools/schema/compose';
import { GatewayTester, startGatewayTester } from '../support/gateway-tester';
import { smallGraph, WORKERS } from '../support/small-graph';

describe('Apollo Sandbox works on the first try in development', () => {
  let tester: GatewayTester;
  beforeAll(async () => {
    tester = await startGatewayTester(smallGraph());
  });
  afterAll(async () => tester?.close());

  it("pre-fills an analyst's token and the example operation, and the gateway takes that token as an analyst's", async () => {
    const html = await (await fetch(tester.url, { headers: { accept: 'text/html' } })).text();
    expect(html).toMatch(/query CoverageByArea/);
    const token = /Bearer ([\w-]+\.[\w-]+\.[\w-]+)/.exec(html)?.[1];
    expect(token).toBeDefined();
    const regions = await tester.query('{ regency(code: "81.71") { name } }', {}, { authorization: `Bearer ${token}` });
    expect(regions).toEqual({ data: { regency: { name: 'Kota Ambon' } } });
    // The pre-filled token is an analyst's: no person-level field.
    const person = await tester.query(
      `{ worker(nik: "${WORKERS[0].nik}") { fullName } }`,
      {},
      { authorization: `Bearer ${token}` },
    );
    expect(person.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('names the scopes each field needs in its description, from the access directives', async () => {
    // The project's own supergraph: introspection is answered by the gateway alone, no subgraph is asked.
    const gateway = await tester.startGateway({ supergraphPath: SUPERGRAPH_PATH });
    const described = await tester.send(
      {
        query: `{ query: __type(name: "Query") { fields { name description } } allocation: __type(name: "Allocation") { fields { name description } } }`,
      },
      { authorization: `Bearer ${await tester.token({ role: 'analyst' })}` },
      gateway.url,
    );
    expect(described.body.errors).toBeUndefined();
    const data = described.body.data;
    const describe = (type: 'query' | 'allocation', name: string) =>
      data[type].fields.find((f: { name: string }) => f.name === name).description as string;
    expect(describe('query', 'coverageSeries')).toMatch(/Access: needs the scope `aggregates:read`\.$/);
    expect(describe('query', 'lapsingCards')).toMatch(
      /Access: needs the scope `aggregates:read`, or `coverage:read`\.$/,
    );
    expect(describe('query', 'regency')).toMatch(/Access: any signed-in caller\.$/);
    expect(describe('allocation', 'fundedCards')).toMatch(/Access: needs the scope `coverage:read`\.$/);
  });
});
