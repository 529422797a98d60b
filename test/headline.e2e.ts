import { Federation, startFederation } from './support/federation';
import { storyWorkers, STORY_ALLOCATIONS } from '../domain/seed-story';
import { listedOperation } from '../tools/schema/operations';

const WORKER_COVERAGE = listedOperation('WorkerCoverage');

describe('a city dashboard asks whether a worker is covered, who pays, and where the worker lives', () => {
  let federation: Federation;
  beforeAll(async () => {
    federation = await startFederation();
  });
  afterAll(async () => federation?.stop());

  it('answers the contract query in one request through the gateway', async () => {
    const worker = storyWorkers()[42];
    const response = await federation.query(WORKER_COVERAGE, { nik: worker.nik });
    expect(response.errors).toBeUndefined();
    expect(response.data.worker).toMatchObject({
      nik: worker.nik,
      fullName: worker.fullName,
      village: { code: worker.villageCode },
      membership: {
        kpj: worker.kpj,
        // Covered in 2021 (the day asked); today its cover has ended, so the card says so.
        status: 'NOT_COVERED',
        coverage: {
          programs: ['JKK', 'JKM'],
          validFrom: '2021-01-01',
          validUntil: '2021-12-31',
          monthlyPremium: 16800,
          fundedBy: {
            id: STORY_ALLOCATIONS[1].id,
            fiscalYear: 2021,
            ceiling: 5_040_000_000,
            funder: { name: 'Pemerintah Kota Ambon' },
          },
        },
      },
    });
  });
});
