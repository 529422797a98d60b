/**
 * Registering a NIK that is already registered is refused (CONFLICT, DUPLICATE_NIK); the refusal
 * names the registered person only to a caller who may read that person's record, and that
 * naming is a read like any other: it is in the read audit.
 */
import { Federation, startFederation } from './support/federation';
import { personReadWriter } from '../subgraphs/population/audit/person-read-writer';
import { storyWorkers } from '../domain/seed-story';

const REGISTER = 'mutation Register($input: WorkerRegistration!) { registerWorker(input: $input) { nik fullName } }';

describe('a second registration of a registered NIK', () => {
  let federation: Federation;
  const officersVillage = '81.71.02.1011';
  const registered = storyWorkers().find((w) => w.villageCode === '81.71.02.1012')!;
  const input = { nik: registered.nik, fullName: 'Someone Else', occupation: 'Nelayan', villageCode: officersVillage };

  beforeAll(async () => {
    federation = await startFederation();
  });
  afterAll(async () => federation?.stop());

  async function readsBy(reader: string) {
    const db = federation.subgraphs.population.database.dataSource;
    await personReadWriter(db).drain();
    return db.query('SELECT nik, subgraph, operation_name FROM person_read_audit WHERE reader = $1', [
      reader,
    ]) as Promise<{ nik: string; subgraph: string; operation_name: string }[]>;
  }

  it('tells an outreach officer outside the registered person’s village only that the NIK is taken', async () => {
    const officer = await federation.as('outreach-officer', {
      subject: 'outreach-elsewhere',
      villages: [officersVillage],
    });
    const answer = await federation.query(REGISTER, { input }, officer);
    expect(answer.data?.registerWorker ?? null).toBeNull();
    expect(answer.errors).toEqual([
      expect.objectContaining({
        message: `NIK ${registered.nik} is already registered; correct that record instead.`,
        extensions: { code: 'CONFLICT', reason: 'DUPLICATE_NIK', subgraph: 'population' },
      }),
    ]);
    const said = JSON.stringify(answer);
    expect(said).not.toContain(registered.fullName);
    expect(said).not.toContain(registered.villageCode);
    expect(await readsBy('outreach-elsewhere')).toEqual([]);
  });

  it('names the registered person to a caller who may read them, and records that read', async () => {
    const officer = await federation.as('outreach-officer', {
      subject: 'outreach-both-villages',
      villages: [officersVillage, registered.villageCode],
    });
    const answer = await federation.query(REGISTER, { input }, officer);
    expect(answer.data?.registerWorker ?? null).toBeNull();
    expect(answer.errors).toEqual([
      expect.objectContaining({
        message: `NIK ${registered.nik} is already registered to ${registered.fullName} in village ${registered.villageCode}; correct that record instead.`,
        extensions: {
          code: 'CONFLICT',
          reason: 'DUPLICATE_NIK',
          existing: { nik: registered.nik, fullName: registered.fullName, villageCode: registered.villageCode },
          subgraph: 'population',
        },
      }),
    ]);
    expect(await readsBy('outreach-both-villages')).toEqual([
      { nik: registered.nik, subgraph: 'population', operation_name: 'Register' },
    ]);
  });

  it('names them to the population office, which sees every village in clear', async () => {
    const answer = await federation.query(
      REGISTER,
      { input },
      await federation.as('population-officer', { subject: 'registrar' }),
    );
    expect(answer.errors?.[0].extensions).toEqual({
      code: 'CONFLICT',
      reason: 'DUPLICATE_NIK',
      existing: { nik: registered.nik, fullName: registered.fullName, villageCode: registered.villageCode },
      subgraph: 'population',
    });
    expect(await readsBy('registrar')).toEqual([
      { nik: registered.nik, subgraph: 'population', operation_name: 'Register' },
    ]);
  });
});
