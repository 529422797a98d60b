/**
 * A dashboard shows what its user may see and marks what they may not. With refusals in filter
 * mode (the default), a field the caller may not read is answered null with a FORBIDDEN error at
 * its path, HTTP 200, beside the rest of the data; no subgraph is asked for it. A caller without
 * a valid token is still refused whole with HTTP 401, and the reject mode stays available.
 */
import type { RunningGateway } from '../../gateway/server/gateway';
import { GatewayTester, startGatewayTester } from '../support/gateway-tester';
import { ALLOCATION, smallGraph, WORKERS } from '../support/small-graph';

describe('refusals a UI can use', () => {
  let tester: GatewayTester;
  let rejecting: RunningGateway;
  const resident = WORKERS[0];
  const DASHBOARD = `query Dashboard($id: ID!, $nik: String!) {
    regency(code: "81.71") { name }
    allocation(id: $id) { ceiling fundedCards(first: 2) { nodes { kpj } } }
    worker(nik: $nik) { nik }
  }`;
  const variables = { id: ALLOCATION.id, nik: resident.nik };

  beforeAll(async () => {
    tester = await startGatewayTester(smallGraph());
    rejecting = await tester.startGateway({ refusalMode: 'reject' });
  });
  afterAll(async () => tester?.close());

  it('answers the fields an analyst may read and nulls the others with FORBIDDEN at their paths, HTTP 200', async () => {
    const before = tester.subgraphRequests();
    const { status, body } = await tester.send({ query: DASHBOARD, variables }, await tester.as('analyst'));
    expect(status).toBe(200);
    expect(body.data).toEqual({
      regency: { name: 'Kota Ambon' },
      allocation: { ceiling: ALLOCATION.ceiling, fundedCards: null },
      worker: null,
    });
    expect(body.errors).toEqual([
      {
        message: expect.stringContaining('Allocation.fundedCards'),
        path: ['allocation', 'fundedCards'],
        extensions: { code: 'FORBIDDEN', deniedFields: ['Allocation.fundedCards'] },
      },
      {
        message: expect.stringContaining('Query.worker'),
        path: ['worker'],
        extensions: { code: 'FORBIDDEN', deniedFields: ['Query.worker'] },
      },
    ]);
    // The denied fields were never asked of their owners: membership answers fundedCards, and nothing else here.
    expect(tester.subgraphRequests().membership).toBe(before.membership);
  });

  it('gives another caller the same operation in full: the filtered plan is not reused', async () => {
    const { status, body } = await tester.send({ query: DASHBOARD, variables }, await tester.as('population-officer'));
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    expect(body.data.allocation.fundedCards.nodes).toHaveLength(2);
    expect(body.data.worker).toEqual({ nik: resident.nik });
  });

  it('nulls the nearest nullable parent of a denied non-null field, through fragments too', async () => {
    const query = `query Card($kpj: ID!) { membershipCard(kpj: $kpj) { kpj ...Heirs } }
      fragment Heirs on MembershipCard { status heirs { fullName } }`;
    const { status, body } = await tester.send(
      { query, variables: { kpj: resident.kpj } },
      await tester.as('budget-officer'),
    );
    expect(status).toBe(200);
    // heirs is [Heir!]! and needs personal-data:read: the card, which may be null, becomes null.
    expect(body.data).toEqual({ membershipCard: null });
    expect(body.errors).toEqual([
      {
        message: expect.stringContaining('MembershipCard.heirs'),
        path: ['membershipCard', 'heirs'],
        extensions: { code: 'FORBIDDEN', deniedFields: ['MembershipCard.heirs'] },
      },
    ]);
  });

  it('refuses each occurrence in a list, and keeps the rest of every row', async () => {
    const query = `query($id: ID!) { allocation(id: $id) { fundedCards(first: 3) { nodes { kpj worker { id } } } } }`;
    // Budget and coverage records, but no person-level records: a card's holder needs workers:read too.
    const token = await tester.token({ scopes: ['budget:read', 'coverage:read', 'workers:all-villages'] });
    const { status, body } = await tester.send(
      { query, variables: { id: ALLOCATION.id } },
      { authorization: `Bearer ${token}` },
    );
    expect(status).toBe(200);
    const nodes = body.data.allocation.fundedCards.nodes as { kpj: string; worker: null }[];
    expect(nodes).toHaveLength(3);
    for (const node of nodes) expect(node).toEqual({ kpj: expect.stringMatching(/^\d{11}$/), worker: null });
    expect(body.errors?.map((e) => [e.path, e.extensions])).toEqual(
      [0, 1, 2].map((i) => [
        ['allocation', 'fundedCards', 'nodes', i, 'worker'],
        { code: 'FORBIDDEN', deniedFields: ['MembershipCard.worker'] },
      ]),
    );
  });

  it('still refuses a caller without a valid token as a whole, with HTTP 401', async () => {
    const anonymous = await tester.send({ query: DASHBOARD, variables });
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.data).toBeUndefined();
    expect(anonymous.body.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('keeps the reject mode as a setting: one denied field refuses the operation, HTTP 403', async () => {
    const { status, body } = await tester.send(
      { query: DASHBOARD, variables },
      await tester.as('analyst'),
      rejecting.url,
    );
    expect(status).toBe(403);
    expect(body.data).toBeUndefined();
    expect(body.errors?.[0].extensions).toMatchObject({
      code: 'FORBIDDEN',
      deniedFields: expect.arrayContaining(['Allocation.fundedCards', 'Query.worker']),
    });
  });
});
