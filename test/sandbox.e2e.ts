/**
 * A new analyst opens the development gateway in a browser: Apollo Sandbox comes up with an
 * analyst's token in the Authorization header and the first question ready to run, and the docs
 * panel says which scope each field needs.
 */
import { Federation, postGraphQL, startFederation } from './support/federation';

describe('Apollo Sandbox works on the first try in development', () => {
  let federation: Federation;
  beforeAll(async () => {
    federation = await startFederation();
  });
  afterAll(async () => federation?.stop());

  it("pre-fills an analyst's token and the example operation, and that token runs it", async () => {
    const html = await (await fetch(federation.gateway.url, { headers: { accept: 'text/html' } })).text();
    expect(html).toMatch(/query CoverageByArea/);
    const token = /Bearer ([\w-]+\.[\w-]+\.[\w-]+)/.exec(html)?.[1];
    expect(token).toBeDefined();
    const document = JSON.parse(`"${/"document":"((?:[^"\\]|\\.)*)"/.exec(html)![1]}"`) as string;
    const response = await postGraphQL(federation.gateway.url, document, { regency: '81.71', asOf: '2021-06-30' }, { authorization: `Bearer ${token}` });
    expect(response.errors).toBeUndefined();
    expect(response.data.regency.statistics).toEqual({ registeredWorkers: 25_000, coveredWorkers: 25_000, share: 1 });
    // The pre-filled token is an analyst's: no person-level field.
    const person = await postGraphQL(federation.gateway.url, '{ worker(nik: "8171056606880001") { fullName } }', {}, { authorization: `Bearer ${token}` });
    expect(person.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('names the scopes each field needs in its description, from the access directives', async () => {
    const response = await federation.query(`{ query: __type(name: "Query") { fields { name description } } allocation: __type(name: "Allocation") { fields { name description } } }`);
    const describe = (type: 'query' | 'allocation', name: string) => response.data[type].fields.find((f: { name: string }) => f.name === name).description as string;
    expect(describe('query', 'coverageSeries')).toMatch(/Access: needs the scope `aggregates:read`\.$/);
    expect(describe('query', 'lapsingCards')).toMatch(/Access: needs the scope `aggregates:read`, or `coverage:read`\.$/);
    expect(describe('query', 'regency')).toMatch(/Access: any signed-in caller\.$/);
    expect(describe('allocation', 'fundedCards')).toMatch(/Access: needs the scope `coverage:read`\.$/);
  });
});
