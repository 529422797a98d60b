/**
 * The write requests tests send through the gateway, as a budget officer or outreach officer
 * would, plus direct looks into each owner's database to prove what was (not) written.
 */
import { Federation } from './federation';
import { SubgraphName } from '../../contract/subgraph-names';
import { MONTHLY_PREMIUM } from '../../domain/seed-story';

export const CREATE_ALLOCATION = /* GraphQL */ `
  mutation CreateAllocation($input: NewAllocationInput!, $key: String) {
    createAllocation(input: $input, idempotencyKey: $key) {
      id
      fiscalYear
      ceiling
      committed
      reserved
      realised
      available
      version
    }
  }
`;

export const ENROLL = /* GraphQL */ `
  mutation Enroll($input: EnrollmentInput!) {
    enrollWorker(input: $input) {
      card {
        kpj
        status
        worker {
          nik
        }
      }
      coverage {
        id
        validFrom
        validUntil
        months
        monthlyPremium
        fundedBy {
          id
        }
      }
    }
  }
`;

export const ALLOCATION_TOTALS = /* GraphQL */ `
  query Totals($id: ID!) {
    allocation(id: $id) {
      id
      ceiling
      committed
      reserved
      realised
      available
      premiumCommitted
      enrolledWorkers
    }
  }
`;

/** The city's allocation for a fiscal year with room for exactly `workers` worker-years (CREATE_ALLOCATION's input). */
export function cityAllocationInput(fiscalYear: number, workers: number) {
  return {
    funderId: '81.71',
    fiscalYear,
    legalBasis: `Peraturan Walikota Ambon tentang APBD ${fiscalYear}`,
    ceiling: workers * MONTHLY_PREMIUM * 12,
    premiumPerWorkerMonth: MONTHLY_PREMIUM,
    programs: ['JKK', 'JKM'],
  };
}

/** Opens an allocation for the city with room for exactly `workers` worker-years. */
export async function openAllocation(
  federation: Federation,
  fiscalYear: number,
  workers: number,
  actor = 'budget-officer',
) {
  const response = await federation.query(
    CREATE_ALLOCATION,
    { input: cityAllocationInput(fiscalYear, workers) },
    await federation.actingAs(actor),
  );
  if (response.errors) throw new Error(JSON.stringify(response.errors));
  return response.data.createAllocation as { id: string; ceiling: number };
}

/**
 * Runs `work` with the federation's clock on `day` (inside the fiscal year the write belongs to:
 * a closed year takes no new enrolment), then puts the clock back where it stood.
 */
export async function onDay<T>(federation: Federation, day: string, work: () => Promise<T>): Promise<T> {
  const before = federation.clock.now();
  federation.clock.set(day);
  try {
    return await work();
  } finally {
    federation.clock.set(before);
  }
}

export async function sql<T = any>(
  federation: Federation,
  subgraph: SubgraphName,
  text: string,
  params: unknown[] = [],
): Promise<T[]> {
  return federation.subgraphs[subgraph].database.dataSource.query(text, params);
}

/** Row counts of every table a write could touch, to prove a refused write left nothing behind. */
export async function footprint(federation: Federation): Promise<Record<string, number | string>> {
  const tables: Partial<Record<SubgraphName, string[]>> = {
    population: ['worker', 'audit_log', 'idempotency_key'],
    budget: ['allocation', 'allocation_revision', 'reservation', 'realisation', 'audit_log', 'idempotency_key'],
    membership: [
      'membership_card',
      'coverage_period',
      'enrollment_intent',
      'premium_payment',
      'heir',
      'claim',
      'audit_log',
      'idempotency_key',
    ],
  };
  const counts: Record<string, number | string> = {};
  for (const [subgraph, names] of Object.entries(tables) as [SubgraphName, string[]][]) {
    const [row] = await sql(
      federation,
      subgraph,
      `SELECT ${names.map((t) => `(SELECT count(*)::int FROM ${t}) AS ${t}`).join(', ')}`,
    );
    for (const name of names) counts[`${subgraph}.${name}`] = row[name];
  }
  const [totals] = await sql(
    federation,
    'budget',
    'SELECT sum(committed)::text AS committed, sum(reserved)::text AS reserved, sum(realised)::text AS realised, sum(ceiling)::text AS ceiling FROM allocation',
  );
  for (const [key, value] of Object.entries(totals)) counts[`budget.${key}`] = Number(value);
  for (const row of await sql(
    federation,
    'membership',
    'SELECT status, count(*)::int AS n FROM membership_card GROUP BY status',
  ))
    counts[`membership.cards.${row.status}`] = row.n;
  for (const row of await sql(
    federation,
    'population',
    "SELECT md5(string_agg(nik || full_name || occupation || village_code, ',' ORDER BY nik)) AS digest FROM worker",
  ))
    counts['population.digest'] = row.digest;
  return counts;
}
