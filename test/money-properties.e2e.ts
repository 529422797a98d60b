/**
 * The money rules as properties: random sequences of enrolments, renewals into the next year,
 * worker and city payments, invoices, claims, amendments of claims (by either officer, any amount
 * up to Rp 250,000,000, so some need a second approval), claim payments, revisions of a closed
 * year and clock steps, sent through the gateway by two officers, with the invariants checked after every step:
 * - no claim is paid that the facts recorded by the end of its event day do not support;
 * - no month is paid twice: every second payment of a month is listed as a credit;
 * - no allocation commits more than its ceiling;
 * - nothing a closed fiscal year reported changes;
 * - every paid claim has two distinct people: the payer neither filed it nor added any item.
 * Each run plays one fiscal year (2023, 2024, …) with its own workers, the clock starting on its
 * second day, so runs never share a card or a year.
 */
import fc from 'fast-check';
import { Federation, startFederation } from './support/federation';
import { ENROLL, openAllocation, sql } from './support/writes';
import { storyWorkers } from '../domain/seed-story';

type Op =
  | { kind: 'step'; days: number }
  | { kind: 'enrol'; worker: number; offset: number }
  | { kind: 'workerPays'; worker: number; monthOffset: number; paidDaysAgo: number }
  | { kind: 'invoice'; monthOffset: number }
  | { kind: 'cityPays'; monthOffset: number; paidDaysAgo: number }
  | { kind: 'fileClaim'; worker: number; daysAfterCover: number }
  | { kind: 'amendClaim'; byApprover: boolean; amount: number }
  | { kind: 'payClaim'; byFiler: boolean }
  | { kind: 'renew'; worker: number }
  | { kind: 'reviseClosedYear' };

const WORKERS_PER_RUN = 4;
const op: fc.Arbitrary<Op> = fc.oneof(
  { arbitrary: fc.record({ kind: fc.constant('step' as const), days: fc.integer({ min: 1, max: 45 }) }), weight: 4 },
  {
    arbitrary: fc.record({
      kind: fc.constant('enrol' as const),
      worker: fc.nat(WORKERS_PER_RUN - 1),
      offset: fc.integer({ min: -10, max: 20 }),
    }),
    weight: 3,
  },
  {
    arbitrary: fc.record({
      kind: fc.constant('workerPays' as const),
      worker: fc.nat(WORKERS_PER_RUN - 1),
      monthOffset: fc.integer({ min: -4, max: 3 }),
      paidDaysAgo: fc.nat(10),
    }),
    weight: 3,
  },
  {
    arbitrary: fc.record({ kind: fc.constant('invoice' as const), monthOffset: fc.integer({ min: -2, max: 0 }) }),
    weight: 2,
  },
  {
    arbitrary: fc.record({
      kind: fc.constant('cityPays' as const),
      monthOffset: fc.integer({ min: -2, max: 0 }),
      paidDaysAgo: fc.nat(10),
    }),
    weight: 2,
  },
  {
    arbitrary: fc.record({
      kind: fc.constant('fileClaim' as const),
      worker: fc.nat(WORKERS_PER_RUN - 1),
      daysAfterCover: fc.integer({ min: -3, max: 60 }),
    }),
    weight: 3,
  },
  {
    arbitrary: fc.record({
      kind: fc.constant('amendClaim' as const),
      byApprover: fc.boolean(),
      amount: fc.integer({ min: 1, max: 250_000_000 }),
    }),
    weight: 2,
  },
  { arbitrary: fc.record({ kind: fc.constant('payClaim' as const), byFiler: fc.boolean() }), weight: 3 },
  { arbitrary: fc.record({ kind: fc.constant('renew' as const), worker: fc.nat(WORKERS_PER_RUN - 1) }), weight: 1 },
  { arbitrary: fc.constant({ kind: 'reviseClosedYear' as const }), weight: 1 },
);

const addDays = (day: string, n: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
const addMonths = (day: string, n: number) => {
  const d = new Date(Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1 + n, 1));
  return d.toISOString().slice(0, 7);
};

describe('money rules hold under any sequence of writes and clock steps', () => {
  let federation: Federation;
  let filer: Record<string, string>;
  let approver: Record<string, string>;
  let run = 0;
  /** What the runs reached, so the property cannot pass by never paying anything. */
  const reached = { enrolled: 0, claimsPaid: 0, payerRefused: 0, workerPayments: 0 };

  beforeAll(async () => {
    federation = await startFederation();
    filer = await federation.actingAs('petugas-a');
    approver = await federation.actingAs('petugas-b');
  });
  afterAll(async () => federation?.stop());

  const today = () => federation.clock.now().toISOString().slice(0, 10);

  /** What the closed fiscal years reported: their allocations and invoices. */
  const closedYears = async (year: number) =>
    sql(
      federation,
      'budget',
      `SELECT a.id, a.ceiling::text, a.committed::text, a.realised::text, a.version,
       (SELECT string_agg(i.id || ':' || i.amount || ':' || i.status || ':' || coalesce(i.paid_on::text, ''), ',' ORDER BY i.id) FROM invoice i WHERE i.allocation_id = a.id) AS invoices
       FROM allocation a WHERE a.fiscal_year < $1 ORDER BY a.id`,
      [year],
    );

  async function invariants(closed: unknown[], year: number): Promise<string[]> {
    const broken: string[] = [];
    const unsupported = await sql(
      federation,
      'membership',
      `
      SELECT c.id, c.event_date::text FROM claim c WHERE c.status = 'PAID' AND NOT EXISTS (
        SELECT 1 FROM coverage_period p WHERE p.kpj = c.kpj AND p.valid_from <= c.event_date AND p.valid_until >= c.event_date
          AND p.recorded_at < ambon_midnight(c.event_date + 1))
        OR (c.status = 'PAID' AND card_status_on(c.kpj, c.event_date, ambon_midnight(c.event_date + 1) - interval '1 millisecond') <> 'ACTIVE')`,
    );
    for (const c of unsupported) broken.push(`claim ${c.id} paid for ${c.event_date} on facts recorded after it`);
    const oneActor = await sql(
      federation,
      'membership',
      `
      SELECT c.id FROM claim c WHERE c.status = 'PAID' AND (c.paid_by = c.filed_by OR EXISTS (SELECT 1 FROM claim_item i WHERE i.claim_id = c.id AND i.added_by = c.paid_by))`,
    );
    for (const c of oneActor) broken.push(`claim ${c.id} paid by someone who filed it or added an item`);
    const cards = (
      await sql(federation, 'membership', 'SELECT kpj FROM membership_card WHERE issued_on >= $1', [
        `${year - 1}-12-01`,
      ])
    ).map((r) => r.kpj);
    const [{ payments }] = await sql(
      federation,
      'membership',
      `SELECT count(*)::int AS payments FROM card_payments($1::text[], 'infinity', 'infinity')`,
      [cards],
    );
    const read = cards.length
      ? await federation.query(
          `{ ${cards.map((kpj, i) => `c${i}: membershipCard(kpj: "${kpj.trim()}") { kpj paidMonths { month } credits { month } }`).join(' ')} }`,
        )
      : { data: {} };
    if (read.errors) broken.push(`cards unreadable: ${JSON.stringify(read.errors)}`);
    let listed = 0;
    for (const card of Object.values(read.data ?? {}) as {
      kpj: string;
      paidMonths: { month: string }[];
      credits: unknown[];
    }[]) {
      const months = card.paidMonths.map((m: { month: string }) => m.month);
      if (new Set(months).size !== months.length) broken.push(`card ${card.kpj} lists a month paid twice`);
      listed += months.length + card.credits.length;
    }
    if (!read.errors && listed !== payments)
      broken.push(`${payments} payments recorded, ${listed} shown as paid months or credits`);
    const over = await sql(federation, 'budget', 'SELECT id FROM allocation WHERE committed + reserved > ceiling');
    for (const a of over) broken.push(`allocation ${a.id} commits more than its ceiling`);
    if (JSON.stringify(await closedYears(year)) !== JSON.stringify(closed))
      broken.push('a closed fiscal year changed what it reported');
    return broken;
  }

  it('keeps every invariant after every step', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 10, maxLength: 24 }), async (ops) => {
        const year = 2023 + run;
        const workers = storyWorkers()
          .slice(24_500 + run * WORKERS_PER_RUN, 24_500 + (run + 1) * WORKERS_PER_RUN)
          .map((w) => w.nik);
        run++;
        federation.clock.set(`${year}-01-02`);
        const allocation = (await openAllocation(federation, year, 3)).id;
        const nextYear = (await openAllocation(federation, year + 1, 2)).id;
        const closed = await closedYears(year);
        const kpjs = new Map<number, string>();
        const coverFrom = new Map<number, string>();
        // Half the run's workers are covered from its first day, so claims and payments have cards to act on.
        for (let worker = 0; worker < WORKERS_PER_RUN / 2; worker++) {
          const r = await federation.query(
            ENROLL,
            { input: { nik: workers[worker], allocationId: allocation, idempotencyKey: `${year}-start-${worker}` } },
            filer,
          );
          expect(r.errors).toBeUndefined();
          kpjs.set(worker, r.data.enrollWorker.card.kpj);
          coverFrom.set(worker, today());
        }
        const claims: string[] = [];
        for (const [index, step] of ops.entries()) {
          const day = today();
          const month = (offset: number) => addMonths(day, offset);
          const key = `${year}-${index}`;
          switch (step.kind) {
            case 'step':
              federation.clock.advanceDays(step.days);
              break;
            case 'enrol': {
              const validFrom = addDays(day, step.offset);
              if (validFrom.slice(0, 4) !== String(year)) break;
              const r = await federation.query(
                ENROLL,
                { input: { nik: workers[step.worker], allocationId: allocation, validFrom, idempotencyKey: key } },
                filer,
              );
              if (r.data?.enrollWorker) {
                kpjs.set(step.worker, r.data.enrollWorker.card.kpj);
                coverFrom.set(step.worker, validFrom);
                reached.enrolled++;
              }
              break;
            }
            case 'workerPays': {
              const kpj = kpjs.get(step.worker);
              const r = kpj
                ? await federation.query(
                    `mutation($kpj: ID!, $m: YearMonth, $on: Date!, $key: String!) { recordPremiumPayment(kpj: $kpj, month: $m, paidOn: $on, idempotencyKey: $key) { month } }`,
                    { kpj, m: month(step.monthOffset), on: addDays(day, -step.paidDaysAgo), key },
                    filer,
                  )
                : undefined;
              if (r?.data?.recordPremiumPayment) reached.workerPayments++;
              break;
            }
            case 'invoice':
              await federation.query(
                `mutation($id: ID!, $m: YearMonth!) { issuePremiumInvoice(allocationId: $id, month: $m) { id } }`,
                { id: allocation, m: month(step.monthOffset) },
                filer,
              );
              break;
            case 'cityPays':
              await federation.query(
                `mutation($id: ID!, $m: YearMonth!, $on: Date!, $key: String!) { recordFunderPayment(allocationId: $id, month: $m, paidOn: $on, idempotencyKey: $key) { invoiceId } }`,
                { id: allocation, m: month(step.monthOffset), on: addDays(day, -step.paidDaysAgo), key },
                filer,
              );
              break;
            case 'fileClaim': {
              // Events around the cover's start (a few before it), never after today.
              const [kpj, from] =
                [...kpjs.keys()].map((w) => [kpjs.get(w)!, coverFrom.get(w)!])[step.worker % Math.max(kpjs.size, 1)] ??
                [];
              if (!kpj) break;
              const event = [addDays(from, step.daysAfterCover), day].sort()[0];
              const r = await federation.query(
                `mutation($input: ClaimInput!) { fileClaim(input: $input) { id } }`,
                {
                  input: {
                    kpj,
                    program: 'JKK',
                    eventDate: event,
                    benefits: [{ kind: 'MEDICAL_CARE', amount: 750_000, billReference: `RS-${key}` }],
                  },
                },
                filer,
              );
              if (r.data?.fileClaim) claims.push(r.data.fileClaim.id);
              break;
            }
            case 'amendClaim': {
              const id = claims.at(-1);
              if (id) {
                await federation.query(
                  `mutation($id: ID!, $benefits: [BenefitInput!]!) { addClaimBenefits(claimId: $id, benefits: $benefits) { id } }`,
                  {
                    id,
                    benefits: [{ kind: 'MEDICAL_CARE', amount: step.amount, billReference: `RS-${key}` }],
                  },
                  step.byApprover ? approver : filer,
                );
              }
              break;
            }
            case 'renew': {
              const kpj = kpjs.get(step.worker);
              if (kpj)
                await federation.query(
                  `mutation($input: RenewalInput!) { renewCoverage(input: $input) { coverage { id } } }`,
                  { input: { kpj, allocationId: nextYear, idempotencyKey: key } },
                  filer,
                );
              break;
            }
            case 'payClaim': {
              const id = claims.at(-1);
              const r = id
                ? await federation.query(
                    `mutation($id: ID!, $key: String!) { payClaim(claimId: $id, idempotencyKey: $key) { id } }`,
                    { id, key },
                    step.byFiler ? filer : approver,
                  )
                : undefined;
              if (r?.data?.payClaim) reached.claimsPaid++;
              if (r?.errors?.some((e) => e.extensions?.reason === 'SEPARATION_OF_DUTIES')) reached.payerRefused++;
              break;
            }
            case 'reviseClosedYear':
              await federation.query(
                `mutation { reviseAllocationCeiling(allocationId: "81.71-2021-01", ceiling: 9000000000, legalBasis: "Perubahan APBD") { id } }`,
                {},
                approver,
              );
              break;
          }
          const broken = await invariants(closed, year);
          if (broken.length) throw new Error(`after step ${index} ${JSON.stringify(step)}: ${broken.join('; ')}`);
        }
      }),
      { numRuns: 8, seed: 20221207, endOnFailure: true },
    );
    expect(Object.entries(reached).filter(([, count]) => count === 0)).toEqual([]);
    console.log(`money properties reached: ${JSON.stringify(reached)}`);
  });
});
