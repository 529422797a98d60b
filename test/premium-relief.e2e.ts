/**
 * PP 49/2020 Art. 13: the relief (1% of the normal JKK and JKM premium for August 2020 to January
 * 2021) reaches members who joined by July 2020 from August; a member who joined after July pays
 * the first two months in full. A federation of its own: its 2020 enrolments would change the
 * story's 2020 counts other tests read.
 */
import { Federation, startFederation } from './support/federation';
import { ENROLL } from './support/writes';
import { STORY_ALLOCATIONS, storyWorkers } from '../domain/seed-story';

describe('the PP 49/2020 relief by the month a member joined', () => {
  let federation: Federation;
  beforeAll(async () => {
    federation = await startFederation();
  });
  afterAll(async () => federation?.stop());

  it('gives a member who joined by July 2020 the PP 49/2020 relief from August, and one who joined after July two full months first', async () => {
    // Story workers from index 10,000 were first covered in 2021: in 2020 they are new members.
    const premiumOf = async (index: number, day: string) => {
      federation.clock.set(day);
      const response = await federation.query(ENROLL, {
        input: {
          nik: storyWorkers()[index].nik,
          allocationId: STORY_ALLOCATIONS[0].id,
          idempotencyKey: `relief-${index}`,
          validUntil: '2020-12-31',
        },
      });
      expect(response.errors).toBeUndefined();
      return response.data.enrollWorker.coverage as { validFrom: string };
    };
    const total = async (index: number) =>
      (
        await federation.query(
          `query($nik: String!) { worker(nik: $nik) { membership { coverage(asOf: "2020-12-31") { premiumTotal } } } }`,
          { nik: storyWorkers()[index].nik },
        )
      ).data.worker.membership.coverage.premiumTotal;
    await premiumOf(10_001, '2020-07-10');
    await premiumOf(10_002, '2020-08-10');
    // July in full, then August to December at 1%: Rp 16,800 + 5 × Rp 168.
    expect(await total(10_001)).toBe(16_800 + 5 * 168);
    // August and September in full, then October to December at 1%.
    expect(await total(10_002)).toBe(2 * 16_800 + 3 * 168);
  });
});
