/**
 * Seeds the insurer's records: a card for each of the story's workers, a 2020 coverage period
 * for the first 10,000 and a 2021 period for all 25,000, each funded by the story's allocation.
 */
import { bulkInsert, progressLogger } from '../shared/bulk';
import { Program } from '../shared/program';
import { MONTHLY_PREMIUM, STORY_ALLOCATIONS, storyWorkers } from '../shared/seed-story';
import { Seeder } from '../shared/subgraph';

export const seedMembership: Seeder = async (db, log) => {
  const workers = storyWorkers();
  const [{ periods }] = await db.query('SELECT count(*)::int AS periods FROM coverage_period WHERE allocation_id = ANY($1)', [
    STORY_ALLOCATIONS.map((a) => a.id),
  ]);
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
        { name: 'issued_on', type: 'date[]', value: (w) => (w.index < STORY_ALLOCATIONS[0].workers ? '2020-01-01' : '2021-01-01') },
        // The city paid every month the story's allocations funded.
        { name: 'paid_through', type: 'date[]', value: () => '2021-12-01' },
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
          { name: 'programs', type: 'text[]', cast: 'text[]', value: () => `{${Program.JKK},${Program.JKM}}` },
          { name: 'monthly_premium', type: 'bigint[]', value: () => MONTHLY_PREMIUM },
          { name: 'months', type: 'int[]', value: () => allocation.months },
        ],
        workers.slice(0, allocation.workers),
        { onProgress: progressLogger(log, `coverage ${allocation.fiscalYear}`) },
      );
    }
  });
  log(`cards and coverage: ${workers.length} cards, ${expected} periods in ${Date.now() - started} ms`);
};
