/**
 * A dashboard pages through lists the way Apollo Client's `relayStylePagination()` does: it reads
 * `edges { cursor node }` and `pageInfo`, asks for the next page `after` the end cursor, and
 * shows `totalCount` where the list offers it.
 */
import { Federation, startFederation } from './support/federation';
import { ENROLL, openAllocation } from './support/writes';
import { storyWorkers } from '../domain/seed-story';

interface Edge {
  cursor: string;
  node: { id: string };
}
interface Connection {
  totalCount?: number;
  edges: Edge[];
  nodes: { id: string }[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
}

const PAGE =
  'totalCount edges { cursor node { id } } nodes { id } pageInfo { hasNextPage hasPreviousPage startCursor endCursor }';

// Cursors are sealed afresh each time they are issued, so the same row's cursor differs between
// an edge and pageInfo; what matters is that each leads to the same next page.
function expectConsistent(page: Connection) {
  expect(page.edges.map((e) => e.node)).toEqual(page.nodes);
  expect(page.pageInfo.startCursor === null).toBe(page.edges.length === 0);
  expect(page.pageInfo.endCursor === null).toBe(page.edges.length === 0);
}

describe('lists are Relay connections a client cache can merge', () => {
  let federation: Federation;
  const workers = storyWorkers();
  const counts = new Map<string, number>();
  for (const w of workers) counts.set(w.villageCode, (counts.get(w.villageCode) ?? 0) + 1);
  // A small village, so the whole roster is paged through.
  const [village, size] = [...counts].filter(([, n]) => n >= 30).sort((a, b) => a[1] - b[1])[0];

  beforeAll(async () => {
    federation = await startFederation();
    // Enrolments below start with 2022: cover never starts before the day it is recorded.
    federation.clock.set('2022-01-01');
  });
  afterAll(async () => federation?.stop());

  const roster = async (first: number, after: string | null) => {
    const response = await federation.query(
      `query($code: ID!, $first: Int!, $after: String) { village(code: $code) { workers(first: $first, after: $after) { ${PAGE} } } }`,
      {
        code: village,
        first,
        after,
      },
    );
    expect(response.errors).toBeUndefined();
    return response.data.village.workers as Connection;
  };

  it("pages a village's roster to its end: edges match nodes, no worker twice, totalCount right", async () => {
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    for (;;) {
      const page = await roster(12, after);
      expectConsistent(page);
      expect(page.totalCount).toBe(size);
      expect(page.pageInfo.hasPreviousPage).toBe(after !== null);
      seen.push(...page.nodes.map((n) => n.id));
      pages++;
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(seen).toHaveLength(size);
    expect(new Set(seen).size).toBe(size);
    expect(pages).toBe(Math.ceil(size / 12));
  });

  it("any edge's cursor continues the list after that edge, and the page's end cursor after its last", async () => {
    const first = await roster(10, null);
    const fromThird = await roster(3, first.edges[2].cursor);
    expect(fromThird.nodes).toEqual(first.nodes.slice(3, 6));
    expect(fromThird.pageInfo.hasPreviousPage).toBe(true);
    const afterLastEdge = await roster(3, first.edges[9].cursor);
    const afterEnd = await roster(3, first.pageInfo.endCursor);
    expect(afterLastEdge.nodes).toEqual(afterEnd.nodes);
    const afterStart = await roster(3, first.pageInfo.startCursor);
    expect(afterStart.nodes).toEqual(first.nodes.slice(1, 4));
  });

  it('an empty page has no cursors', async () => {
    const last = await roster(size, null);
    const beyond = await roster(5, last.pageInfo.endCursor);
    expect(beyond).toMatchObject({
      edges: [],
      nodes: [],
      pageInfo: { hasNextPage: false, hasPreviousPage: true, startCursor: null, endCursor: null },
    });
  });

  it('refuses a page larger than the limit its description states', async () => {
    const described = await federation.query('{ __type(name: "Village") { fields { name description } } }');
    const workersField = described.data.__type.fields.find((f: { name: string }) => f.name === 'workers');
    const limit = Number(/at most (\d+) a page/.exec(workersField.description)?.[1]);
    expect(limit).toBeGreaterThan(0);
    const ok = await federation.query(
      'query($code: ID!, $first: Int!) { village(code: $code) { workers(first: $first) { nodes { id } } } }',
      { code: village, first: limit },
    );
    expect(ok.errors).toBeUndefined();
    const tooMany = await federation.query(
      'query($code: ID!, $first: Int!) { village(code: $code) { workers(first: $first) { nodes { id } } } }',
      { code: village, first: limit + 1 },
    );
    expect(tooMany.errors?.[0]).toMatchObject({
      message: `first must be between 1 and ${limit}, got ${limit + 1}.`,
      extensions: { code: 'BAD_USER_INPUT' },
    });
  });

  it("pages a card's premium payments, oldest month first", async () => {
    const { id: allocationId } = await openAllocation(federation, 2022, 2);
    const enrolled = await federation.query(ENROLL, {
      input: { nik: workers[30].nik, allocationId, idempotencyKey: 'connections-enroll' },
    });
    expect(enrolled.errors).toBeUndefined();
    const kpj: string = enrolled.data.enrollWorker.card.kpj;
    const months = Array.from({ length: 12 }, (_, i) => `2022-${String(i + 1).padStart(2, '0')}`);
    // Paid month by month, each recorded on the day it was paid (a receipt is recorded within days of the payment).
    for (const [i, month] of months.entries()) {
      federation.clock.set(`${month}-05`);
      const paid = await federation.query(
        'mutation($kpj: ID!, $month: YearMonth!, $paidOn: Date!, $key: String!) { recordPremiumPayment(kpj: $kpj, month: $month, paidOn: $paidOn, idempotencyKey: $key) { id } }',
        { kpj, month, paidOn: `${month}-05`, key: `connections-${i}` },
      );
      expect(paid.errors).toBeUndefined();
    }
    const PAYMENTS = `query($kpj: ID!, $after: String) { membershipCard(kpj: $kpj) { payments(first: 5, after: $after) { ${PAGE} nodes { month } } claims { totalCount nodes { id } } } }`;
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const response = await federation.query(PAYMENTS, { kpj, after });
      expect(response.errors).toBeUndefined();
      const page = response.data.membershipCard.payments as Omit<Connection, 'nodes'> & {
        nodes: { id: string; month: string }[];
      };
      expect(page.totalCount).toBe(12);
      expect(page.edges.map((e) => e.node.id)).toEqual(page.nodes.map((n) => n.id));
      expect(response.data.membershipCard.claims).toEqual({ totalCount: 0, nodes: [] });
      seen.push(...page.nodes.map((n) => n.month));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(seen).toEqual(months);
  });
});
