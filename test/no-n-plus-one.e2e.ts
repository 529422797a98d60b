import { Federation, startFederation } from './support/federation';
import { storyWorkers } from '../domain/seed-story';

const VILLAGE_ROSTER = /* GraphQL */ `
  query VillageRoster($code: ID!, $first: Int!) {
    village(code: $code) {
      code
      name
      workers(first: $first) {
        nodes {
          nik
          fullName
          membership {
            kpj
            status
            coverage(asOf: "2021-06-30") {
              validFrom
              validUntil
              monthlyPremium
              fundedBy {
                id
                fiscalYear
                ceiling
                funder {
                  name
                }
              }
            }
          }
        }
      }
    }
  }
`;

/** The story's most populous village and how many workers live there. */
function largestVillage() {
  const counts = new Map<string, number>();
  for (const worker of storyWorkers()) counts.set(worker.villageCode, (counts.get(worker.villageCode) ?? 0) + 1);
  const [code, workers] = [...counts].sort((a, b) => b[1] - a[1])[0];
  return { code, workers };
}

describe("a village officer opens the whole roster of the busiest village, with every worker's coverage and its funding", () => {
  let federation: Federation;
  beforeAll(async () => {
    // The whole busiest village in one page costs more than the default budget (which counts the
    // page size a variable asks for): this test is about SQL statements, so it allows the page.
    federation = await startFederation({ limits: { maxCost: 1_000_000 } });
  });
  afterAll(async () => federation?.stop());

  /** Start-up upkeep runs SQL of its own in the background: wait until every counter is still. */
  async function quiet() {
    let last = JSON.stringify(federation.statements());
    for (;;) {
      await new Promise((resolve) => setTimeout(resolve, 300));
      const now = JSON.stringify(federation.statements());
      if (now === last) return;
      last = now;
    }
  }

  async function rosterWithStatements(code: string, first: number, roster = VILLAGE_ROSTER) {
    await quiet();
    const before = federation.statements();
    const response = await federation.query(roster, { code, first });
    // The read audit's insert may land just after the answer: count it with the request that caused it.
    await quiet();
    const after = federation.statements();
    expect(response.errors).toBeUndefined();
    const statements = Object.fromEntries(
      Object.keys(after).map((name) => [name, after[name as keyof typeof after] - before[name as keyof typeof before]]),
    );
    return { nodes: response.data.village.workers.nodes as any[], statements };
  }

  it('costs each subgraph the same number of SQL statements for 5 workers as for the whole village', async () => {
    const village = largestVillage();
    const small = await rosterWithStatements(village.code, 5);
    const whole = await rosterWithStatements(village.code, village.workers);

    expect(small.nodes).toHaveLength(5);
    expect(whole.nodes).toHaveLength(village.workers);
    // Every worker of the story is covered in 2021, funded by the city's APBD 2021 allocation.
    expect(whole.nodes.every((w) => w.membership?.coverage?.fundedBy?.funder?.name === 'Pemerintah Kota Ambon')).toBe(
      true,
    );
    expect(whole.statements).toEqual(small.statements);
    // Village, roster page and the read audit's one insert; cards joined with their coverage in force; allocations joined with their funders.
    expect(whole.statements).toMatchObject({ population: 3, membership: 1, budget: 1 });
  });

  it("reads every card's paid, credited and uninvoiced months in one statement each, for 5 workers as for the whole village", async () => {
    const village = largestVillage();
    const MONTHS_ROSTER = /* GraphQL */ `
      query VillageMonths($code: ID!, $first: Int!) {
        village(code: $code) {
          workers(first: $first) {
            nodes {
              nik
              membership {
                kpj
                paidMonths {
                  month
                  paidBy
                }
                credits {
                  month
                }
                uninvoicedMonths
              }
            }
          }
        }
      }
    `;
    const small = await rosterWithStatements(village.code, 5, MONTHS_ROSTER);
    const whole = await rosterWithStatements(village.code, village.workers, MONTHS_ROSTER);
    expect(whole.nodes).toHaveLength(village.workers);
    // The story's cards were paid for months by the city: the months are really read, not empty.
    expect(whole.nodes.every((w) => w.membership.paidMonths.length > 0)).toBe(true);
    expect(whole.statements).toEqual(small.statements);
    // The workers' cards; their months' payments (paid and credits share one loader); their uninvoiced months.
    expect(whole.statements).toMatchObject({ membership: 3 });
  });
});
