/** Seeds the budget office's records: the city as funder and the story's APBD allocations. */
import { bulkInsert } from '../shared/bulk';
import { Program } from '../shared/program';
import { allocationCeiling, CITY_FUNDER, MONTHLY_PREMIUM, STORY_ALLOCATIONS } from '../shared/seed-story';
import { Seeder } from '../shared/subgraph';

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
        // The story's enrollments filled each allocation, and the city paid every month of them.
        { name: 'committed', type: 'bigint[]', value: (a) => allocationCeiling(a) },
        { name: 'realised', type: 'bigint[]', value: (a) => allocationCeiling(a) },
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
        { name: 'amount', type: 'bigint[]', value: (a) => allocationCeiling(a) },
        { name: 'status', type: 'text[]', value: () => 'CONFIRMED' },
        { name: 'purpose', type: 'text[]', value: (a) => `the ${a.workers.toLocaleString('en')} workers of the seed story` },
      ],
      STORY_ALLOCATIONS,
    );
  });
  log(`allocations: ${STORY_ALLOCATIONS.map((a) => `${a.id} (Rp ${allocationCeiling(a).toLocaleString('id')})`).join(', ')}`);
};
