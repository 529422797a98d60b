/**
 * Seeds the insurer's records: a card for each of the story's workers, a 2020 coverage period
 * for the first 10,000 and a 2021 period for all 25,000, each funded by the story's allocation
 * at the rates in force month by month, and the city's payment of every monthly invoice.
 */
import { bulkInsert, progressLogger } from '../../platform/bulk';
import { premiumForMonth } from '../../domain/premium-rates';
import {
  memberSinceOf,
  MONTHLY_PREMIUM,
  STORY_ALLOCATIONS,
  STORY_INCOME,
  STORY_PROGRAMS,
  StoryInvoice,
  storyInvoices,
  storyPeriodPremium,
  storyWorkers,
} from '../../domain/seed-story';
import { Seeder } from '../kit/subgraph';

const storyInvoiceId = (i: StoryInvoice) => `${i.allocationId}/${i.month.slice(0, 7)}`;
// A cohort not yet a member in the invoice's month has no line in it (and no premium).
const premiumOfCohort = (i: StoryInvoice, memberSince: string) =>
  i.month < memberSince ? 0 : premiumForMonth(STORY_PROGRAMS, STORY_INCOME, i.month, memberSince);
/** An Ambon day's first instant (UTC+9), as recorded times are stored. */
const ambonMidnight = (day: string) => new Date(Date.parse(`${day}T00:00:00+09:00`)).toISOString();
const dayBefore = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);

export const seedMembership: Seeder = async (db, log) => {
  const workers = storyWorkers();
  const [{ periods }] = await db.query(
    'SELECT count(*)::int AS periods FROM coverage_period WHERE allocation_id = ANY($1)',
    [STORY_ALLOCATIONS.map((a) => a.id)],
  );
  const expected = STORY_ALLOCATIONS.reduce((sum, a) => sum + a.workers, 0);
  if (periods === expected) return log('seed already present, nothing to do');
  const started = Date.now();
  await db.transaction(async (tx) => {
    await bulkInsert(
      tx,
      'membership_card',
      [
        { name: 'kpj', type: 'text[]', value: (w) => w.kpj },
        { name: 'nik', type: 'text[]', value: (w) => w.nik },
        { name: 'status', type: 'text[]', value: () => 'OPEN' },
        { name: 'village_code', type: 'text[]', value: (w) => w.villageCode },
        { name: 'issued_on', type: 'date[]', value: (w) => memberSinceOf(w.index) },
      ],
      workers,
      { onProgress: progressLogger(log, 'cards') },
    );
    // Periods are keyed by a random uuid, so idempotency comes from deleting the story's own first.
    await tx.query('DELETE FROM coverage_period WHERE allocation_id = ANY($1)', [STORY_ALLOCATIONS.map((a) => a.id)]);
    for (const allocation of STORY_ALLOCATIONS) {
      await bulkInsert(
        tx,
        'coverage_period',
        [
          { name: 'kpj', type: 'text[]', value: (w) => w.kpj },
          { name: 'allocation_id', type: 'text[]', value: () => allocation.id },
          { name: 'village_code', type: 'text[]', value: (w) => w.villageCode },
          { name: 'valid_from', type: 'date[]', value: () => allocation.validFrom },
          { name: 'valid_until', type: 'date[]', value: () => allocation.validUntil },
          { name: 'programs', type: 'text[]', cast: 'text[]', value: () => `{${STORY_PROGRAMS.join(',')}}` },
          { name: 'monthly_premium', type: 'bigint[]', value: () => MONTHLY_PREMIUM },
          { name: 'months', type: 'int[]', value: () => allocation.months },
          { name: 'declared_income', type: 'bigint[]', value: () => STORY_INCOME },
          { name: 'member_since', type: 'date[]', value: (w) => memberSinceOf(w.index) },
          { name: 'premium_total', type: 'bigint[]', value: (w) => storyPeriodPremium(allocation, w.index) },
          // The story recorded each year's cover the day before it began.
          { name: 'recorded_at', type: 'timestamptz[]', value: () => ambonMidnight(dayBefore(allocation.validFrom)) },
        ],
        workers.slice(0, allocation.workers),
        { onProgress: progressLogger(log, `coverage ${allocation.fiscalYear}`) },
      );
    }
    // The insurer invoiced each month on the 1st of the next, billing every card recorded by then;
    // the city paid every invoice of both allocations, by the 15th of the next month.
    await bulkInsert(
      tx,
      'premium_invoice',
      [
        { name: 'id', type: 'text[]', value: (i) => storyInvoiceId(i) },
        { name: 'allocation_id', type: 'text[]', value: (i) => i.allocationId },
        { name: 'month', type: 'date[]', value: (i) => i.month },
        { name: 'workers', type: 'int[]', value: (i) => i.workers },
        { name: 'amount', type: 'bigint[]', value: (i) => i.amount },
        { name: 'issued_on', type: 'date[]', value: (i) => i.issuedOn },
        { name: 'recorded_at', type: 'timestamptz[]', value: (i) => ambonMidnight(i.issuedOn) },
      ],
      storyInvoices(),
    );
    // Each invoice's lines: every card its allocation covered that month, at the card's premium then.
    for (const invoice of storyInvoices()) {
      await tx.query(
        `INSERT INTO premium_invoice_line (invoice_id, kpj, month, amount)
         SELECT $1, p.kpj, $2::date, $4::bigint FROM coverage_period p WHERE p.allocation_id = $3 AND p.member_since = $5
         UNION ALL
         SELECT $1, p.kpj, $2::date, $6::bigint FROM coverage_period p WHERE p.allocation_id = $3 AND p.member_since <> $5`,
        [
          storyInvoiceId(invoice),
          invoice.month,
          invoice.allocationId,
          premiumOfCohort(invoice, STORY_ALLOCATIONS[0].validFrom),
          STORY_ALLOCATIONS[0].validFrom,
          premiumOfCohort(invoice, STORY_ALLOCATIONS[1].validFrom),
        ],
      );
    }
    await bulkInsert(
      tx,
      'funder_payment',
      [
        { name: 'allocation_id', type: 'text[]', value: (i) => i.allocationId },
        { name: 'month', type: 'date[]', value: (i) => i.month },
        { name: 'invoice_id', type: 'text[]', value: (i) => storyInvoiceId(i) },
        { name: 'workers', type: 'int[]', value: (i) => i.workers },
        { name: 'amount', type: 'bigint[]', value: (i) => i.amount },
        { name: 'paid_on', type: 'date[]', value: (i) => i.paidOn },
        { name: 'recorded_at', type: 'timestamptz[]', value: (i) => ambonMidnight(i.paidOn) },
      ],
      storyInvoices(),
    );
  });
  log(`cards and coverage: ${workers.length} cards, ${expected} periods in ${Date.now() - started} ms`);
};
