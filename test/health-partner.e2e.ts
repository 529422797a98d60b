import { storyJknMembership } from '../subgraphs/health/seed';
import { JknStatus, SUBSIDISED_SEGMENTS } from '../subgraphs/health/jkn/jkn-membership';
import { storyWorkers } from '../domain/seed-story';
import { Federation, startFederation } from './support/federation';
import { listedOperation } from '../tools/schema/operations';

const WORKER_HEALTH = listedOperation('WorkerHealth');

describe("the health insurer's subgraph answers beside the city's and the work-accident insurer's", () => {
  let federation: Federation;
  beforeAll(async () => {
    federation = await startFederation();
  });
  afterAll(async () => federation?.stop());

  it("the social-affairs desk sees a worker's health and work-accident coverage, and the village's JKN counts, in one request", async () => {
    const worker = storyWorkers()[5];
    const card = storyJknMembership(worker)!;
    const neighbours = storyWorkers()
      .filter((w) => w.villageCode === worker.villageCode)
      .map(storyJknMembership)
      .filter((m) => m !== null);

    const response = await federation.query(WORKER_HEALTH, { nik: worker.nik });

    expect(response.errors).toBeUndefined();
    expect(response.data.worker).toEqual({
      nik: worker.nik,
      fullName: worker.fullName,
      healthCoverage: {
        cardNumber: card.cardNumber,
        status: card.status,
        segment: card.segment,
        careClass: card.careClass,
      },
      membership: { kpj: worker.kpj, status: 'NOT_COVERED' }, // the story's cover ended on 2021-12-31
      village: {
        name: expect.any(String),
        healthCoverage: {
          members: neighbours.length,
          activeMembers: neighbours.filter((m) => m!.status === JknStatus.ACTIVE).length,
          subsidisedMembers: neighbours.filter((m) => SUBSIDISED_SEGMENTS.includes(m!.segment)).length,
        },
      },
    });
  });

  it('a worker without a JKN card has no health coverage, and that is not an error', async () => {
    const uninsured = storyWorkers().find((w) => storyJknMembership(w) === null)!;
    const response = await federation.query(WORKER_HEALTH, { nik: uninsured.nik });
    expect(response.errors).toBeUndefined();
    expect(response.data.worker.healthCoverage).toBeNull();
  });

  it("counts every village's members in one statement, however many villages are listed", async () => {
    const before = federation.statements().health;
    const response = await federation.query(
      `{ villages(regencyCode: "81.71", first: 50) { nodes { code healthCoverage { members } } } }`,
    );
    expect(response.errors).toBeUndefined();
    expect(response.data.villages.nodes).toHaveLength(50);
    const total = response.data.villages.nodes.reduce(
      (sum: number, v: { healthCoverage: { members: number } }) => sum + v.healthCoverage.members,
      0,
    );
    expect(total).toBe(storyWorkers().filter((w) => storyJknMembership(w) !== null).length);
    expect(federation.statements().health - before).toBe(1);
  });

  it('refuses a malformed card number and reports an unknown one', async () => {
    const query = `query($cardNumber: ID!) { jknMembership(cardNumber: $cardNumber) { status } }`;
    const malformed = await federation.query(query, { cardNumber: '12345' });
    expect(malformed.errors![0]).toMatchObject({
      message: '"12345" is not a JKN card number: it is exactly 13 digits.',
      extensions: { code: 'BAD_USER_INPUT' },
    });
    const unknown = await federation.query(query, { cardNumber: '9999999999999' });
    expect(unknown.data.jknMembership).toBeNull();
    expect(unknown.errors![0].extensions).toMatchObject({ code: 'NOT_FOUND' });
  });
});
