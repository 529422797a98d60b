/**
 * A city dashboard asks for the region list on every page load: over GET, that answer may be kept
 * by the browser and a CDN for a day. Allocations may be kept by the budget officer's own browser
 * for five minutes. Anything about a person is never stored anywhere.
 */
import { GatewayTester, startGatewayTester } from '../support/gateway-tester';
import { ALLOCATION, smallGraph, WORKERS } from '../support/small-graph';

async function get(url: string, query: string, variables: Record<string, unknown>, headers: Record<string, string>) {
  const address = new URL(url);
  address.searchParams.set('query', query);
  address.searchParams.set('variables', JSON.stringify(variables));
  // GET needs a header a browser form cannot send (CSRF prevention); Apollo Client sends one.
  const response = await fetch(address, { headers: { 'apollo-require-preflight': 'true', ...headers } });
  return {
    cacheControl: response.headers.get('cache-control'),
    body: (await response.json()) as { data?: any; errors?: unknown[] },
  };
}

describe('cache hints on reference data', () => {
  let tester: GatewayTester;
  const worker = WORKERS[0];
  const REGIONS =
    'query Regions { regency(code: "81.71") { id code name province { name } districts { id code name villages { id code name kind } } } }';
  const ALLOCATION_QUERY =
    'query Allocation($id: ID!) { allocation(id: $id) { id fiscalYear ceiling legalBasis programs funder { id name } } }';

  beforeAll(async () => {
    tester = await startGatewayTester(smallGraph());
  });
  afterAll(async () => tester?.close());

  it('lets browsers and CDNs keep a GET of region data for a day', async () => {
    const { cacheControl, body } = await get(tester.url, REGIONS, {}, await tester.as('analyst'));
    expect(body.errors).toBeUndefined();
    expect(body.data.regency.districts).toHaveLength(2);
    expect(cacheControl).toBe('public, max-age=86400');
  });

  it("lets only the caller's browser keep allocations, which need budget:read, for five minutes", async () => {
    const { cacheControl, body } = await get(
      tester.url,
      ALLOCATION_QUERY,
      { id: ALLOCATION.id },
      await tester.as('budget-officer'),
    );
    expect(body.data.allocation.id).toBe(ALLOCATION.id);
    expect(cacheControl).toBe('private, max-age=300');
  });

  it('never stores an answer with a person in it, nor a POST, nor a partial answer', async () => {
    const officer = await tester.as('population-officer');
    const personal = await get(
      tester.url,
      'query Who($nik: String!) { regency(code: "81.71") { name } worker(nik: $nik) { id fullName } }',
      { nik: worker.nik },
      officer,
    );
    expect(personal.body.data.worker.fullName).toBe(worker.fullName);
    expect(personal.cacheControl).toBe('private, no-store');

    // Counts that move with every enrollment are not reference data either.
    const counts = await get(
      tester.url,
      'query Counts($code: ID!) { village(code: $code) { name workerCount } }',
      { code: worker.villageCode },
      officer,
    );
    expect(counts.body.data.village.workerCount).toBeGreaterThan(0);
    expect(counts.cacheControl).toBe('private, no-store');

    const posted = await fetch(tester.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...officer },
      body: JSON.stringify({ query: REGIONS }),
    });
    expect(posted.status).toBe(200);
    expect(posted.headers.get('cache-control')).toBe('private, no-store');

    // An analyst's allocation view with a refused field is partial: not kept.
    const partial = await get(
      tester.url,
      'query Funded($id: ID!) { allocation(id: $id) { id ceiling fundedCards(first: 1) { nodes { kpj } } } }',
      { id: ALLOCATION.id },
      await tester.as('analyst'),
    );
    expect(partial.body.errors).toEqual([
      expect.objectContaining({ extensions: expect.objectContaining({ code: 'FORBIDDEN' }) }),
    ]);
    expect(partial.cacheControl).toBe('private, no-store');
  });
});
