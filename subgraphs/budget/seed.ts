/**
 * Seeds the budget office's records: the city as funder, the story's APBD allocations with their
 * pagu as budgeted, what their enrollments committed at the rates in force each month (PP 49/2020's
 * relief included), and the insurer's monthly invoices, every one paid: realised is the sum of
 * those paid within the fiscal year; December's, paid on 15 January, was paid after the year end.
 */
import { bulkInsert } from '../../platform/bulk';
import { Program } from '../../domain/program';
import type { StoryInvoice } from '../../domain/seed-story';
import {
  allocationCeiling,
  CITY_FUNDER,
  MONTHLY_PREMIUM,
  recordedOnStoryDay,
  STORY_ALLOCATIONS,
  STORY_TARGET,
  storyCommitted,
  storyInvoices,
  storyPaid,
} from '../../domain/seed-story';
import { Seeder } from '../kit/subgraph';

/** The insurer issued each month's invoice on the 5th of that month. */
const issuedOn = (invoice: StoryInvoice) => `${invoice.month.slice(0, 8)}05`;

export const seedBudget: Seeder = async (db, log) => {
  await db.transaction(async (tx) => {
    await tx.query('INSERT INTO funder (id, name, regency_code) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [
      CITY_FUNDER.id,
      CITY_FUNDER.name,
      CITY_FUNDER.regencyCode,
    ]);
    await bulkInsert(
      tx,
      'allocation',
      [
        { name: 'id', type: 'text[]', value: (a) => a.id },
        { name: 'fiscal_year', type: 'int[]', value: (a) => a.fiscalYear },
        { name: 'funder_id', type: 'text[]', value: () => CITY_FUNDER.id },
        { name: 'legal_basis', type: 'text[]', value: (a) => a.legalBasis },
        { name: 'ceiling', type: 'bigint[]', value: (a) => allocationCeiling(a) },
        { name: 'premium_per_worker_month', type: 'bigint[]', value: () => MONTHLY_PREMIUM },
        { name: 'programs', type: 'text[]', cast: 'text[]', value: () => `{${Program.JKK},${Program.JKM}}` },
        // The story's enrollments, at the rate in force each month; the city paid every invoice.
        { name: 'committed', type: 'bigint[]', value: (a) => storyCommitted(a) },
        { name: 'realised', type: 'bigint[]', value: (a) => storyPaid(a).realised },
        { name: 'paid_after_year_end', type: 'bigint[]', value: (a) => storyPaid(a).paidAfterYearEnd },
        { name: 'version_since', type: 'timestamptz[]', value: (a) => recordedOnStoryDay(a.validFrom) },
      ],
      STORY_ALLOCATIONS,
    );
    // One confirmed reservation per allocation, so committed always equals its confirmed reservations.
    await bulkInsert(
      tx,
      'reservation',
      [
        { name: 'key', type: 'text[]', value: (a) => `seed:${a.id}` },
        { name: 'allocation_id', type: 'text[]', value: (a) => a.id },
        { name: 'amount', type: 'bigint[]', value: (a) => storyCommitted(a) },
        { name: 'status', type: 'text[]', value: () => 'CONFIRMED' },
        {
          name: 'purpose',
          type: 'text[]',
          value: (a) => `the ${a.workers.toLocaleString('en')} workers of the seed story`,
        },
        { name: 'created_at', type: 'timestamptz[]', value: (a) => recordedOnStoryDay(a.validFrom) },
      ],
      STORY_ALLOCATIONS,
    );
    await bulkInsert(
      tx,
      'invoice',
      [
        { name: 'id', type: 'text[]', value: (i) => `${i.allocationId}/${i.month.slice(0, 7)}` },
        { name: 'allocation_id', type: 'text[]', value: (i) => i.allocationId },
        { name: 'month', type: 'date[]', value: (i) => i.month },
        { name: 'sequence', type: 'int[]', value: () => 1 },
        { name: 'workers', type: 'int[]', value: (i) => i.workers },
        { name: 'amount', type: 'bigint[]', value: (i) => i.amount },
        { name: 'issued_on', type: 'date[]', value: (i) => issuedOn(i) },
        { name: 'recorded_at', type: 'timestamptz[]', value: (i) => recordedOnStoryDay(issuedOn(i)) },
        { name: 'status', type: 'text[]', value: () => 'PAID' },
        { name: 'paid_on', type: 'date[]', value: (i) => i.paidOn },
        { name: 'payment_recorded_at', type: 'timestamptz[]', value: (i) => recordedOnStoryDay(i.paidOn) },
      ],
      storyInvoices(),
    );
    const t = STORY_TARGET;
    await tx.query(
      `INSERT INTO programme_target (id, name, owner, legal_basis, area_code, target_count, target_date) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING`,
      [t.id, t.name, t.owner, t.legalBasis, t.areaCode, t.targetCount, t.targetDate],
    );
  });
  log(
    `allocations: ${STORY_ALLOCATIONS.map((a) => `${a.id} (Rp ${allocationCeiling(a).toLocaleString('id')})`).join(', ')}`,
  );
};
