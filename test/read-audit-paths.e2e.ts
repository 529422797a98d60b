/**
 * Every read of a person is audited, whichever subgraph handed out the NIK: membership's entity
 * keys (a card's holder, an allocation's funded cards) and the workers that population's
 * mutations answer with, not only population's own reads.
 */
import { Federation, startFederation } from './support/federation';
import { personReadWriter } from '../subgraphs/population/audit/person-read-writer';
import { storyWorkers } from '../domain/seed-story';

describe('the read audit covers every path a NIK leaves by', () => {
  let federation: Federation;

  beforeAll(async () => {
    federation = await startFederation();
  });
  afterAll(async () => federation?.stop());

  const readsBy = async (reader: string) => {
    const db = federation.subgraphs.population.database.dataSource;
    await personReadWriter(db).drain();
    return (await db.query('SELECT nik, operation_name FROM person_read_audit WHERE reader = $1 ORDER BY nik', [
      reader,
    ])) as { nik: string; operation_name: string }[];
  };

  it("records the NIKs of an allocation's funded cards, which population never sees", async () => {
    const response = await federation.query(
      'query Funded { allocation(id: "81.71-2020-01") { fundedCards(first: 25) { nodes { kpj worker { nik } } } } }',
      {},
      await federation.as('insurer-officer', { subject: 'funded-cards-reader' }),
    );
    expect(response.errors).toBeUndefined();
    const niks = response.data.allocation.fundedCards.nodes
      .map((n: { worker: { nik: string } }) => n.worker.nik)
      .sort();
    expect(niks).toHaveLength(25);
    expect(await readsBy('funded-cards-reader')).toEqual(
      niks.map((nik: string) => ({ nik, operation_name: 'Funded' })),
    );
  });

  it("records a card holder's NIK read by KPJ, once per operation even when population is asked too", async () => {
    const person = storyWorkers()[40];
    const response = await federation.query(
      'query Holder($kpj: ID!) { membershipCard(kpj: $kpj) { worker { nik fullName } } again: membershipCard(kpj: $kpj) { worker { nik } } }',
      { kpj: person.kpj },
      await federation.as('insurer-officer', { subject: 'holder-reader' }),
    );
    expect(response.errors).toBeUndefined();
    expect(await readsBy('holder-reader')).toEqual([{ nik: person.nik, operation_name: 'Holder' }]);
  });

  it('records the workers that registerWorker and correctWorker answer with', async () => {
    const officer = await federation.as('population-officer', { subject: 'registrar' });
    const nik = '8171015203900007';
    const registered = await federation.query(
      'mutation Register($nik: String!) { registerWorker(input: { nik: $nik, fullName: "Nona Latumahina", occupation: "penjahit", villageCode: "81.71.01.1006" }) { nik fullName } }',
      { nik },
      officer,
    );
    expect(registered.errors).toBeUndefined();
    const corrected = await federation.query(
      'mutation Correct($nik: String!) { correctWorker(nik: $nik, correction: { occupation: "penjahit kebaya" }) { nik } }',
      { nik },
      officer,
    );
    expect(corrected.errors).toBeUndefined();
    const db = federation.subgraphs.population.database.dataSource;
    await personReadWriter(db).drain();
    const rows = await db.query(
      'SELECT nik, operation_name FROM person_read_audit WHERE reader = $1 ORDER BY operation_name',
      ['registrar'],
    );
    expect(rows).toEqual([
      { nik, operation_name: 'Correct' },
      { nik, operation_name: 'Register' },
    ]);
  });
});
