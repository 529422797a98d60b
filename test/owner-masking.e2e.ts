/**
 * Each subgraph masks the personal data it marks, asked directly with a signed caller as any
 * gateway would ask it: a budget officer (no personal-data:read) never gets a name or a birth date
 * in clear from its owner, and gets a NIK in clear only when the signer says it masks at its edge
 * and needs the NIK to join. A NIK that comes back masked as an entity key is refused.
 */
import { CallerClaims } from '../contract/caller';
import { ROLES } from '../contract/scopes';
import { maskNik } from '../domain/nik';
import { storyWorkers } from '../domain/seed-story';
import { Federation, postGraphQL, startFederation } from './support/federation';

const maskName = (name: string) => name.replace(/\S+/g, (word) => word[0] + '*'.repeat(word.length - 1));

describe('the owner masks what it marks, whichever gateway asks', () => {
  let federation: Federation;
  const resident = storyWorkers().find((w) => w.villageCode === '81.71.02.1011' && w.index < 10_000)!;
  const budgetOfficer: Partial<CallerClaims> = {
    subject: 'budget@ambon.example',
    roles: ['budget-officer'],
    scopes: ROLES['budget-officer'].scopes,
  };
  const populationOfficer: Partial<CallerClaims> = {
    subject: 'dukcapil@ambon.example',
    roles: ['population-officer'],
    scopes: ROLES['population-officer'].scopes,
  };

  beforeAll(async () => {
    federation = await startFederation();
  });
  afterAll(async () => federation?.stop());

  const ask = async (
    subgraph: 'population' | 'membership' | 'health',
    claims: Partial<CallerClaims>,
    query: string,
    variables: Record<string, unknown>,
  ) =>
    postGraphQL(
      federation.subgraphs[subgraph].url,
      query,
      variables,
      await federation.callerHeader(subgraph, claims, { query, variables }),
    );

  const PERSON = 'query($nik: String!) { worker(nik: $nik) { nik fullName birthDate } }';

  it('population masks names and birth dates for a budget officer, and the NIK unless the signer masks at its edge', async () => {
    const toOurGateway = await ask('population', { ...budgetOfficer, masksPersonalData: true }, PERSON, {
      nik: resident.nik,
    });
    expect(toOurGateway).toEqual({
      data: { worker: { nik: resident.nik, fullName: maskName(resident.fullName), birthDate: '****-**-**' } },
    });
    const toAnotherGateway = await ask('population', budgetOfficer, PERSON, { nik: resident.nik });
    expect(toAnotherGateway).toEqual({
      data: { worker: { nik: maskNik(resident.nik), fullName: maskName(resident.fullName), birthDate: '****-**-**' } },
    });
  });

  it('shows everything in clear to a caller holding personal-data:read, whatever the signer says', async () => {
    for (const masksPersonalData of [true, false]) {
      const response = await ask('population', { ...populationOfficer, masksPersonalData }, PERSON, {
        nik: resident.nik,
      });
      expect(response).toEqual({
        data: { worker: { nik: resident.nik, fullName: resident.fullName, birthDate: resident.birthDate } },
      });
    }
  });

  it("membership masks a card holder's NIK for a gateway that does not mask, and hands it in clear to one that joins by it", async () => {
    const HOLDER = 'query($kpj: ID!) { membershipCard(kpj: $kpj) { kpj worker { nik } } }';
    const toAnotherGateway = await ask('membership', budgetOfficer, HOLDER, { kpj: resident.kpj });
    expect(toAnotherGateway).toEqual({
      data: { membershipCard: { kpj: resident.kpj, worker: { nik: maskNik(resident.nik) } } },
    });
    const toOurGateway = await ask('membership', { ...budgetOfficer, masksPersonalData: true }, HOLDER, {
      kpj: resident.kpj,
    });
    expect(toOurGateway).toEqual({ data: { membershipCard: { kpj: resident.kpj, worker: { nik: resident.nik } } } });
  });

  it('refuses a masked NIK handed back as an entity key, in every subgraph that joins by it', async () => {
    const joins = {
      population: '... on Worker { fullName }',
      membership: '... on Worker { membership { kpj } }',
      health: '... on Worker { healthCoverage { cardNumber } }',
    } as const;
    for (const [subgraph, selection] of Object.entries(joins) as [keyof typeof joins, string][]) {
      const query = `query($r: [_Any!]!) { _entities(representations: $r) { ${selection} } }`;
      const response = await ask(subgraph, budgetOfficer, query, {
        r: [{ __typename: 'Worker', nik: maskNik(resident.nik) }],
      });
      expect({ subgraph, data: response.data, errors: response.errors?.map((e) => e.extensions) }).toEqual({
        subgraph,
        data: undefined,
        errors: [{ code: 'FORBIDDEN', reason: 'MASKED_KEY' }],
      });
      // The clear key, as our gateway passes it, joins as before.
      const joined = await ask(subgraph, { ...budgetOfficer, masksPersonalData: true }, query, {
        r: [{ __typename: 'Worker', nik: resident.nik }],
      });
      expect({ subgraph, errors: joined.errors }).toEqual({ subgraph, errors: undefined });
    }
  });

  it('through our gateway a budget officer reads what the gateway alone used to give: the same masks, joins intact', async () => {
    const response = await federation.query(
      'query($nik: String!) { worker(nik: $nik) { nik fullName birthDate membership { kpj } } }',
      { nik: resident.nik },
      await federation.as('budget-officer'),
    );
    expect(response).toEqual({
      data: {
        worker: {
          nik: maskNik(resident.nik),
          fullName: maskName(resident.fullName),
          birthDate: '****-**-**',
          membership: { kpj: resident.kpj },
        },
      },
    });
  });
});
