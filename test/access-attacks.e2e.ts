/**
 * The attack corpus: every way of reaching a person's data without the right to it, each
 * answered with the exact refusal, and no subgraph asked for the data.
 */
import { postGraphQL, Federation, startFederation } from './support/federation';
import { personReadWriter } from '../subgraphs/population/audit/person-read-writer';
import { storyWorkers } from '../domain/seed-story';
import { ROLES } from '../contract/scopes';
import { CALLER_HEADER, CallerClaims, operationDigest, signCaller } from '../contract/caller';

const WORKER = /* GraphQL */ `
  query WorkerRecord($nik: String!) {
    worker(nik: $nik) {
      nik
      fullName
      birthDate
      village {
        code
      }
    }
  }
`;

describe('an attacker tries to read a person without the right to', () => {
  let federation: Federation;
  const workers = storyWorkers();
  const assigned = '81.71.02.1011';
  const inside = workers.find((w) => w.villageCode === assigned)!;
  const outside = workers.find((w) => w.villageCode !== assigned && w.index < 10_000)!;
  const outreach = () => federation.as('outreach-officer', { villages: [assigned] });

  beforeAll(async () => {
    // Refusals of the whole operation, so every attempt is proven to reach no subgraph at all;
    // test/gateway/refusals.test.ts covers the default filter mode.
    federation = await startFederation({ gateway: { refusalMode: 'reject' } });
    // Enrolments below start with 2022: cover never starts before the day it is recorded.
    federation.clock.set('2022-01-01');
  });
  afterAll(async () => federation?.stop());

  /** Runs `attempt` and proves no subgraph received any request meanwhile. */
  async function refusedAtTheGateway(attempt: () => Promise<unknown>) {
    const before = federation.subgraphRequests();
    const result = await attempt();
    expect(federation.subgraphRequests()).toEqual(before);
    return result as Awaited<ReturnType<Federation['query']>>;
  }

  async function auditedReadsOf(nik: string): Promise<number> {
    const response = await federation.query(
      'query Trail($nik: String!) { personReads(nik: $nik, first: 500) { nodes { id } } }',
      { nik },
      await federation.as('auditor'),
    );
    return response.data.personReads.nodes.length;
  }

  describe('at the gateway', () => {
    it('refuses a request without a token as UNAUTHENTICATED', async () => {
      const response = await refusedAtTheGateway(() =>
        federation.query(WORKER, { nik: inside.nik }, { authorization: '' }),
      );
      expect(response.data).toBeUndefined();
      expect(response.errors).toHaveLength(1);
      expect(response.errors![0].extensions).toMatchObject({
        code: 'UNAUTHENTICATED',
        deniedFields: expect.arrayContaining(['Query.worker', 'Worker.fullName']),
      });
    });

    it.each([
      ['an expired token', { expiresIn: -60 }, 'expired'],
      [
        'a token signed with another secret',
        { secret: 'a-secret-the-gateway-has-never-heard-of-0123456789' },
        'signature',
      ],
      ['a token for another audience', { audience: 'some-other-service' }, 'audience'],
      ['a token from another issuer', { issuer: 'https://idp.elsewhere.example' }, 'issuer'],
    ])('refuses %s as UNAUTHENTICATED', async (_name, request, reason) => {
      const token = await federation.token({ role: 'population-officer', ...request });
      const response = await refusedAtTheGateway(() =>
        federation.query(WORKER, { nik: inside.nik }, { authorization: `Bearer ${token}` }),
      );
      expect(response.data).toBeUndefined();
      expect(response.errors![0].extensions).toMatchObject({ code: 'UNAUTHENTICATED', reason });
    });

    it('stops accepting a token at its expiry, though it was accepted (and remembered) a moment before', async () => {
      const token = await federation.token({ role: 'population-officer', expiresIn: 2 });
      const accepted = await federation.query(WORKER, { nik: inside.nik }, { authorization: `Bearer ${token}` });
      expect(accepted.errors).toBeUndefined();
      expect(accepted.data.worker.nik).toBe(inside.nik);
      await new Promise((resolve) => setTimeout(resolve, 2_100));
      const response = await refusedAtTheGateway(() =>
        federation.query(WORKER, { nik: inside.nik }, { authorization: `Bearer ${token}` }),
      );
      expect(response.errors![0].extensions).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'expired' });
    });

    it('refuses a token that is not a bearer token', async () => {
      const response = await refusedAtTheGateway(() =>
        federation.query(WORKER, { nik: inside.nik }, { authorization: 'Basic YWRtaW46YWRtaW4=' }),
      );
      expect(response.errors![0].extensions).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'malformed' });
    });

    it('refuses the whole operation when one field needs a scope the caller lacks', async () => {
      const response = await refusedAtTheGateway(async () =>
        federation.query(
          '{ villages(first: 2) { nodes { code workerCount workers(first: 1) { nodes { fullName } } } } }',
          {},
          await federation.as('analyst'),
        ),
      );
      expect(response.data).toBeUndefined();
      expect(response.errors![0].extensions).toMatchObject({
        code: 'FORBIDDEN',
        deniedFields: ['Village.workers', 'Worker.fullName'],
      });
      expect(response.errors![0].message).toContain('Village.workers needs workers:read');
    });

    it('sees through named and inline fragments', async () => {
      const named = await refusedAtTheGateway(async () =>
        federation.query(
          'query Sneaky($nik: String!) { worker(nik: $nik) { ...Who } } fragment Who on Worker { nik fullName }',
          { nik: inside.nik },
          await federation.as('partner-agency'),
        ),
      );
      expect(named.errors![0].extensions).toMatchObject({ code: 'FORBIDDEN', deniedFields: ['Worker.fullName'] });
      const inline = await refusedAtTheGateway(async () =>
        federation.query(
          'query Sneaky($kpj: ID!) { membershipCard(kpj: $kpj) { status ... on MembershipCard { issuedOn } } }',
          { kpj: inside.kpj },
          await federation.as('partner-agency'),
        ),
      );
      expect(inline.errors![0].extensions).toMatchObject({
        code: 'FORBIDDEN',
        deniedFields: ['MembershipCard.issuedOn'],
      });
    });

    it('lets the same caller through for what its scopes allow', async () => {
      const response = await federation.query(
        'query Status($nik: String!) { worker(nik: $nik) { nik membership { status } } }',
        { nik: inside.nik },
        await federation.as('partner-agency'),
      );
      expect(response.errors).toBeUndefined();
      expect(response.data.worker.membership.status).toBe('NOT_COVERED'); // the story's cover ended on 2021-12-31
    });
  });

  describe('an outreach officer outside their villages', () => {
    it('is refused a worker by NIK, and the read is not audited', async () => {
      const response = await federation.query(WORKER, { nik: outside.nik }, await outreach());
      expect(response.data.worker).toBeNull();
      expect(response.errors![0].extensions).toMatchObject({ code: 'FORBIDDEN' });
      expect(JSON.stringify(response)).not.toContain(outside.fullName);
      expect(await auditedReadsOf(outside.nik)).toBe(0);
    });

    it('cannot tell a NIK outside their villages from one that does not exist', async () => {
      const unknown = await federation.query(WORKER, { nik: '8171020101900999' }, await outreach());
      expect(unknown.errors![0].extensions!.code).toBe('FORBIDDEN');
    });

    it("is refused another village's roster", async () => {
      const response = await federation.query(
        'query Roster($code: ID!) { village(code: $code) { name workers(first: 5) { nodes { nik fullName } } } }',
        { code: outside.villageCode },
        await outreach(),
      );
      expect(response.data?.village ?? null).toBeNull();
      expect(response.errors![0].extensions).toMatchObject({ code: 'FORBIDDEN' });
      expect(JSON.stringify(response)).not.toContain(outside.fullName);
    });

    it('is refused the card of a worker elsewhere', async () => {
      const byKpj = await federation.query(
        'query Card($kpj: ID!) { membershipCard(kpj: $kpj) { kpj status worker { fullName } } }',
        { kpj: outside.kpj },
        await outreach(),
      );
      expect(byKpj.data.membershipCard).toBeNull();
      expect(byKpj.errors![0].extensions).toMatchObject({ code: 'FORBIDDEN' });
      expect(JSON.stringify(byKpj)).not.toContain(outside.fullName);
    });

    it("sees only their villages' workers among an allocation's funded cards", async () => {
      const response = await federation.query(
        'query Funded { allocation(id: "81.71-2020-01") { fundedCards(first: 500) { nodes { kpj worker { nik fullName village { code } } } } } }',
        {},
        await federation.as('outreach-officer', { villages: [assigned], scopes: ['budget:read'] }),
      );
      expect(response.errors).toBeUndefined();
      const nodes = response.data.allocation.fundedCards.nodes;
      const expected = workers.filter((w) => w.index < 10_000 && w.villageCode === assigned);
      expect(nodes.map((n: any) => n.kpj)).toEqual(expected.map((w) => w.kpj).slice(0, 500));
      expect(nodes.every((n: any) => n.worker.village.code === assigned)).toBe(true);
    });

    it('gets nothing from a hand-written _entities call to the population subgraph', async () => {
      const query =
        'query Entities($representations: [_Any!]!) { _entities(representations: $representations) { ... on Worker { nik fullName } } }';
      const variables = {
        representations: [
          { __typename: 'Worker', nik: outside.nik },
          { __typename: 'Worker', nik: inside.nik },
        ],
      };
      const outreachCaller = {
        subject: 'outreach',
        roles: ['outreach-officer'],
        scopes: ROLES['outreach-officer'].scopes,
        villages: [assigned],
      };
      const headers = await federation.callerHeader('population', outreachCaller, { query, variables });
      const response = await postGraphQL(federation.subgraphs.population.url, query, variables, headers);
      expect(response.data!._entities[0]).toBeNull();
      expect(response.data!._entities[1]).toEqual({ nik: inside.nik, fullName: inside.fullName });
      expect(response.errors![0].extensions).toMatchObject({ code: 'FORBIDDEN' });
      expect(JSON.stringify(response)).not.toContain(outside.fullName);
    });
  });

  describe("at a subgraph's own port", () => {
    const probes = {
      population: 'query { worker(nik: "NIK") { fullName } }',
      membership: 'query { membershipCard(kpj: "KPJ") { status } }',
      budget: 'query { funders { name } }',
    };
    const entities = 'query($r: [_Any!]!) { _entities(representations: $r) { __typename } }';

    it.each(['population', 'membership', 'budget'] as const)(
      '%s answers nothing, _service and _entities included, without the gateway signature',
      async (name) => {
        const url = federation.subgraphs[name].url;
        // Audit rows of earlier reads may still be on their way to the table.
        await personReadWriter(federation.subgraphs.population.database.dataSource).drain();
        const statements = federation.statements()[name];
        for (const query of [
          probes[name].replace('NIK', inside.nik).replace('KPJ', inside.kpj),
          '{ _service { sdl } }',
          entities,
        ]) {
          const response = await postGraphQL(url, query, { r: [{ __typename: 'Worker', nik: inside.nik }] });
          expect(response.data).toBeUndefined();
          expect(response.errors![0].extensions!.code).toBe('UNAUTHENTICATED');
          const variables = { r: [{ __typename: 'Worker', nik: inside.nik }] };
          const everything = { scopes: Object.values(ROLES).flatMap((r) => r.scopes) };
          const forged = await postGraphQL(
            url,
            query,
            variables,
            await federation.callerHeader(
              name,
              everything,
              { query, variables },
              'forged-secret-forged-secret-forged-secret',
            ),
          );
          expect(forged.data).toBeUndefined();
          expect(forged.errors![0].extensions!.code).toBe('UNAUTHENTICATED');
        }
        expect(federation.statements()[name]).toBe(statements);
      },
    );

    it('refuses an assertion the gateway signed for another subgraph', async () => {
      const query = probes.population.replace('NIK', inside.nik);
      const forBudget = await federation.callerHeader(
        'budget',
        { scopes: ROLES['population-officer'].scopes },
        { query },
      );
      const response = await postGraphQL(federation.subgraphs.population.url, query, {}, forBudget);
      expect(response.errors![0].extensions!.code).toBe('UNAUTHENTICATED');
    });

    it('refuses an assertion past its expiry, though the gateway signed it for this very operation', async () => {
      const query = probes.population.replace('NIK', inside.nik);
      const claims: CallerClaims = {
        subject: 'officer',
        agency: 'city',
        roles: [],
        scopes: ROLES['population-officer'].scopes,
        villages: [],
        operationName: null,
        requestId: 'r',
      };
      const expired = await signCaller(claims, 'population', federation.gatewaySecret, -5, operationDigest(query, {}));
      const response = await postGraphQL(federation.subgraphs.population.url, query, {}, { [CALLER_HEADER]: expired });
      expect(response.data).toBeUndefined();
      expect(response.errors![0].extensions!.code).toBe('UNAUTHENTICATED');
      const fresh = await signCaller(claims, 'population', federation.gatewaySecret, 60, operationDigest(query, {}));
      expect(
        (await postGraphQL(federation.subgraphs.population.url, query, {}, { [CALLER_HEADER]: fresh })).data,
      ).toBeTruthy();
    });

    it('refuses an assertion lifted from one operation to carry another', async () => {
      const officer = { scopes: ROLES['population-officer'].scopes };
      const lifted = await federation.callerHeader('population', officer, {
        query: '{ village(code: "81.71.02.1011") { name } }',
      });
      const response = await postGraphQL(
        federation.subgraphs.population.url,
        probes.population.replace('NIK', outside.nik),
        {},
        lifted,
      );
      expect(response.data).toBeUndefined();
      expect(response.errors![0].extensions!.code).toBe('UNAUTHENTICATED');
      const sameQueryOtherVariables = await federation.callerHeader('population', officer, {
        query: WORKER,
        variables: { nik: inside.nik },
      });
      const swapped = await postGraphQL(
        federation.subgraphs.population.url,
        WORKER,
        { nik: outside.nik },
        sameQueryOtherVariables,
      );
      expect(swapped.errors![0].extensions!.code).toBe('UNAUTHENTICATED');
    });

    it('checks scopes itself, before touching its database, even when the gateway signed the request', async () => {
      const query = probes.population.replace('NIK', inside.nik);
      const analyst = await federation.callerHeader(
        'population',
        { roles: ['analyst'], scopes: ROLES.analyst.scopes },
        { query },
      );
      await personReadWriter(federation.subgraphs.population.database.dataSource).drain();
      const statements = federation.statements().population;
      const response = await postGraphQL(federation.subgraphs.population.url, query, {}, analyst);
      expect(response.data).toBeUndefined();
      expect(response.errors![0].extensions).toEqual({
        code: 'FORBIDDEN',
        deniedFields: ['Query.worker', 'Worker.fullName'],
      });
      const entities = 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Worker { birthDate } } }';
      const variables = { r: [{ __typename: 'Worker', nik: inside.nik }] };
      const budgetOfficer = await federation.callerHeader(
        'population',
        { roles: ['budget-officer'], scopes: ROLES['budget-officer'].scopes.filter((s) => s !== 'workers:read') },
        { query: entities, variables },
      );
      const throughEntities = await postGraphQL(
        federation.subgraphs.population.url,
        entities,
        variables,
        budgetOfficer,
      );
      expect(throughEntities.data).toBeUndefined();
      expect(throughEntities.errors![0].extensions).toEqual({ code: 'FORBIDDEN', deniedFields: ['Worker.birthDate'] });
      expect(federation.statements().population).toBe(statements);
    });
  });
});
