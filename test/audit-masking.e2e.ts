/**
 * Audit views mask like every other view: an auditor (no personal-data:read) reads who changed
 * what and who read whom, but no name, birth date or NIK in clear, in the old and new values,
 * the entity ids and the read audit alike.
 */
import { Federation, startFederation } from './support/federation';
import { maskNik } from '../domain/nik';
import { storyWorkers } from '../domain/seed-story';
import { ALL_SCOPES } from '../contract/scopes';

describe('audit views for a caller without personal-data:read', () => {
  let federation: Federation;
  const nik = '8171054507950002';
  const card = storyWorkers()[30];

  beforeAll(async () => {
    federation = await startFederation();
    const officer = await federation.as('population-officer');
    const registered = await federation.query(
      `mutation($nik: String!) { registerWorker(input: { nik: $nik, fullName: "Yohana Pattinasarany", occupation: "pedagang ikan", villageCode: "81.71.02.1011" }) { nik } }`,
      { nik },
      officer,
    );
    expect(registered.errors).toBeUndefined();
    await federation.query(`query($nik: String!) { worker(nik: $nik) { fullName } }`, { nik }, officer);
    const heir = await federation.query(
      `mutation($kpj: ID!) { addHeir(kpj: $kpj, fullName: "Welhelmina Tuhumury", relationship: SPOUSE) { id } }`,
      { kpj: card.kpj },
      await federation.as('insurer-officer'),
    );
    expect(heir.errors).toBeUndefined();
  });
  afterAll(async () => federation?.stop());

  const TRAILS = `{
    populationAuditTrail(entity: "worker") { nodes { entityId oldValue newValue } }
    membershipAuditTrail(entity: "heir") { nodes { entityId newValue } }
  }`;

  it('masks names, birth dates and NIKs in the audit trails', async () => {
    const response = await federation.query(TRAILS, {}, await federation.as('auditor'));
    expect(response.errors).toBeUndefined();
    const text = JSON.stringify(response.data);
    for (const clear of [nik, 'Yohana', 'Pattinasarany', '1995-07-05', 'Welhelmina', card.nik])
      expect(text).not.toContain(clear);
    const [worker] = response.data.populationAuditTrail.nodes;
    expect(worker.entityId).toBe(maskNik(nik));
    expect(worker.newValue).toMatchObject({
      nik: maskNik(nik),
      fullName: 'Y***** P************',
      birthDate: '****-**-**',
      occupation: 'pedagang ikan',
    });
    expect(response.data.membershipAuditTrail.nodes[0].newValue).toMatchObject({
      fullName: 'W********* T*******',
      relationship: 'SPOUSE',
    });
  });

  it('masks the NIK of each read in the read audit', async () => {
    const reads = await federation.query(
      `query($nik: String!) { personReads(nik: $nik) { nodes { nik reader } } }`,
      { nik },
      await federation.as('auditor'),
    );
    expect(reads.errors).toBeUndefined();
    expect(reads.data.personReads.nodes).toEqual(
      expect.arrayContaining([{ nik: maskNik(nik), reader: 'population-officer@ambon.example' }]),
    );
  });

  it('shows them in clear to an auditor who also holds personal-data:read', async () => {
    const token = await federation.token({
      subject: 'auditor-with-mandate',
      scopes: ['audit:read', 'personal-data:read'],
    });
    const response = await federation.query(TRAILS, {}, { authorization: `Bearer ${token}` });
    expect(response.data.populationAuditTrail.nodes[0].entityId).toBe(nik);
    expect(response.data.populationAuditTrail.nodes[0].newValue.fullName).toBe('Yohana Pattinasarany');
    expect(ALL_SCOPES).toContain('personal-data:read');
  });
});
