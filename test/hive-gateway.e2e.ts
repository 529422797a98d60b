/**
 * An agency that runs Hive Gateway instead of ours, in front of the same subgraphs and the same
 * supergraph, with the caller-assertion plugin of examples/hive-gateway: every operation clients
 * keep in schema/operations/ gets the same answer from it as from our gateway. Hive Gateway masks
 * nothing itself, so what a caller without personal-data:read reads through it is what the
 * subgraphs that own the records masked (subgraphs/kit/owner-masking.ts).
 */
import { startHiveGateway } from '../examples/hive-gateway/gateway';
import { ALL_SCOPES } from '../contract/scopes';
import { maskNik } from '../domain/nik';
import { storyWorkers } from '../domain/seed-story';
import { SUBGRAPH_NAMES } from '../contract/subgraph-names';
import { Federation, GraphQLResponse, postGraphQL, startFederation, SUPERGRAPH } from './support/federation';
import { listedOperations } from './support/listed-operations';

const operations = listedOperations();
const maskName = (name: string) => name.replace(/\S+/g, (word) => word[0] + '*'.repeat(word.length - 1));
const VILLAGE = '81.71.02.1011';
const residents = storyWorkers()
  .filter((w) => w.villageCode === VILLAGE)
  .sort((a, b) => a.nik.localeCompare(b.nik));
const ROSTER =
  'query Roster($code: ID!) { village(code: $code) { workers(first: 3) { nodes { nik fullName birthDate } } } }';
const PERSON = 'query Person($nik: String!) { worker(nik: $nik) { nik fullName birthDate sex } }';
const COVERED = 'query Covered($nik: String!) { worker(nik: $nik) { nik membership { kpj status } } }';
const CURSOR_FIELDS = new Set(['cursor', 'startCursor', 'endCursor']);
/** Cursors are sealed with a fresh nonce each time they are issued, so only their presence is compared. */
const withoutCursorBytes = (value: unknown): unknown =>
  Array.isArray(value)
    ? value.map(withoutCursorBytes)
    : value && typeof value === 'object'
      ? Object.fromEntries(
          Object.entries(value).map(([key, v]) => [
            key,
            CURSOR_FIELDS.has(key) && typeof v === 'string' ? 'a cursor' : withoutCursorBytes(v),
          ]),
        )
      : value;
/** What a client compares: the data, and each error's place and code. */
const answer = (response: GraphQLResponse) => ({
  data: withoutCursorBytes(response.data),
  errors: response.errors?.map((e) => ({ path: e.path, code: e.extensions?.code })),
});

describe.each(['javascript', 'rust'] as const)(
  'Hive Gateway (%s query planner) in front of the same subgraphs',
  (planner) => {
    let federation: Federation;
    let hive: Awaited<ReturnType<typeof startHiveGateway>>;
    let authorization: Record<string, string>;
    beforeAll(async () => {
      federation = await startFederation();
      hive = await startHiveGateway({
        port: 0,
        supergraphPath: SUPERGRAPH,
        subgraphUrls: Object.fromEntries(SUBGRAPH_NAMES.map((name) => [name, federation.subgraphs[name].url])),
        auth: federation.auth,
        trust: { gatewaySecret: federation.gatewaySecret, callerTokenTtlSeconds: 60 },
        planner,
      });
      authorization = {
        authorization: `Bearer ${await federation.token({ subject: 'analyst@ambon.example', agency: 'test suite', scopes: ALL_SCOPES, expiresIn: 3600 })}`,
      };
    });
    afterAll(async () => {
      await hive?.stop();
      await federation?.stop();
    });

    it('lists the operations it is compared on', () => {
      expect(operations.map((op) => op.name)).toEqual(
        expect.arrayContaining(['WorkerCoverage', 'AllocationsOfYear', 'VillageCoverage', 'WorkerHealth']),
      );
    });

    it.each(operations.map((op) => [op.name, op] as const))(
      'answers %s exactly as our gateway does',
      async (_, operation) => {
        const ours = await postGraphQL(federation.gateway.url, operation.query, operation.variables, authorization);
        const theirs = await postGraphQL(hive.url, operation.query, operation.variables, authorization);
        expect(ours.errors).toBeUndefined();
        expect(ours.data).toBeTruthy();
        expect(answer(theirs)).toEqual(answer(ours));
      },
    );

    it('shows a budget officer masked NIKs, names and birth dates, the very answer our gateway gives', async () => {
      const budgetOfficer = await federation.as('budget-officer');
      const roster = await postGraphQL(hive.url, ROSTER, { code: VILLAGE }, budgetOfficer);
      expect(roster.errors).toBeUndefined();
      expect(roster.data.village.workers.nodes).toEqual(
        residents
          .slice(0, 3)
          .map((w) => ({ nik: maskNik(w.nik), fullName: maskName(w.fullName), birthDate: '****-**-**' })),
      );
      expect(roster).toEqual(await postGraphQL(federation.gateway.url, ROSTER, { code: VILLAGE }, budgetOfficer));

      const resident = residents[0];
      const person = await postGraphQL(hive.url, PERSON, { nik: resident.nik }, budgetOfficer);
      expect(person).toEqual({
        data: {
          worker: {
            nik: maskNik(resident.nik),
            fullName: maskName(resident.fullName),
            birthDate: '****-**-**',
            sex: resident.sex,
          },
        },
      });
      expect(person).toEqual(await postGraphQL(federation.gateway.url, PERSON, { nik: resident.nik }, budgetOfficer));
    });

    it('shows an officer holding personal-data:read the same records in clear', async () => {
      const populationOfficer = await federation.as('population-officer');
      const roster = await postGraphQL(hive.url, ROSTER, { code: VILLAGE }, populationOfficer);
      expect(roster.errors).toBeUndefined();
      expect(roster.data.village.workers.nodes).toEqual(
        residents.slice(0, 3).map((w) => ({ nik: w.nik, fullName: w.fullName, birthDate: w.birthDate })),
      );
      expect(roster).toEqual(await postGraphQL(federation.gateway.url, ROSTER, { code: VILLAGE }, populationOfficer));
    });

    it('refuses to join by a NIK it was handed masked, naming why, while our gateway joins and masks at its edge', async () => {
      const resident = residents[0];
      const partner = await federation.as('partner-agency');
      const ours = await postGraphQL(federation.gateway.url, COVERED, { nik: resident.nik }, partner);
      expect(ours).toEqual({
        data: { worker: { nik: maskNik(resident.nik), membership: { kpj: resident.kpj, status: expect.any(String) } } },
      });
      // Membership could only guess whose card a masked NIK means: it says so rather than answer "no card".
      const theirs = await postGraphQL(hive.url, COVERED, { nik: resident.nik }, partner);
      expect(theirs.data?.worker?.nik).toBe(maskNik(resident.nik));
      expect(theirs.data?.worker?.membership ?? null).toBeNull();
      // Each planner places a failed entity fetch at its own depth: ['worker', 'membership'] or ['worker'].
      expect(
        theirs.errors?.map((e) => ({ path: e.path?.[0], code: e.extensions?.code, reason: e.extensions?.reason })),
      ).toEqual([{ path: 'worker', code: 'FORBIDDEN', reason: 'MASKED_KEY' }]);
      expect(JSON.stringify(theirs)).not.toContain(resident.nik);
    });

    it('keeps an outreach officer to the villages in the token, as the owners apply that rule themselves', async () => {
      const elsewhere = storyWorkers().find((w) => w.villageCode !== VILLAGE)!;
      const outreach = await federation.as('outreach-officer', { villages: [VILLAGE] });
      const inside = await postGraphQL(hive.url, PERSON, { nik: residents[0].nik }, outreach);
      expect(inside).toEqual({
        data: {
          worker: {
            nik: residents[0].nik,
            fullName: residents[0].fullName,
            birthDate: residents[0].birthDate,
            sex: residents[0].sex,
          },
        },
      });
      const outside = await postGraphQL(hive.url, PERSON, { nik: elsewhere.nik }, outreach);
      expect(outside.data?.worker ?? null).toBeNull();
      expect(outside.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
    });

    it('refuses a caller whose token it cannot verify, as our gateway does', async () => {
      const headline = operations.find((op) => op.name === 'WorkerCoverage')!;
      const forged = await postGraphQL(hive.url, headline.query, headline.variables, {
        authorization: 'Bearer not-a-token',
      });
      expect(forged.data?.worker ?? null).toBeNull();
      expect(forged.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    });
  },
);
