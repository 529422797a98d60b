/**
 * Runs every cell of the access matrix (test/access-matrix.ts) through the gateway: each root
 * field and mutation, as each role, on a record inside and outside an outreach officer's
 * villages, and compares the outcome with the table. A root field or mutation of the served
 * supergraph without a row fails here first.
 */
import { ACCESS_MATRIX, Case, CellOperation, MatrixFixtures, Outcome, ROLE_ORDER } from './access-matrix';
import { Federation, GraphQLResponse, startFederation } from './support/federation';
import { openAllocation, sql } from './support/writes';
import { storyWorkers } from '../domain/seed-story';

const CASES: Case[] = ['in', 'out'];

function outcomeOf(
  kind: 'Query' | 'Mutation',
  field: string,
  operation: CellOperation,
  response: GraphQLResponse,
): Outcome | string {
  const codes = (response.errors ?? []).map((e) => e.extensions?.code);
  if (codes.includes('FORBIDDEN')) return 'F';
  if (codes.includes('UNAUTHENTICATED')) return 'UNAUTHENTICATED';
  const data = response.data ?? null;
  if (operation.seen) {
    try {
      return data && operation.seen(data) ? 'A' : 'H';
    } catch {
      return `unreadable answer ${JSON.stringify(response).slice(0, 200)}`;
    }
  }
  if (kind === 'Mutation') return 'A';
  return data?.[field] != null ? 'A' : `no ${field}: ${JSON.stringify(response.errors ?? []).slice(0, 200)}`;
}

describe('the access matrix', () => {
  let federation: Federation;
  let fixtures: MatrixFixtures;

  beforeAll(async () => {
    federation = await startFederation();
    // Enrolments below start with 2022: cover never starts before the day it is recorded.
    federation.clock.set('2022-01-01');
    const inVillage = '81.71.02.1011';
    const seeded = storyWorkers().filter((w) => w.index < 10_000);
    const inside = seeded.find((w) => w.villageCode === inVillage)!;
    const outside = seeded.find((w) => w.villageCode !== inVillage && w.villageCode.startsWith('81.71.01'))!;
    const fixture = await federation.as('insurer-officer', { subject: 'matrix-fixture@bpjs.example' });
    const heirs = {} as Record<Case, string>;
    const claims = {} as Record<Case, string>;
    const claimItems = {} as Record<Case, string>;
    const jkn = {} as Record<Case, string>;
    const village = { in: inVillage, out: outside.villageCode };
    const worker = { in: inside, out: outside };
    for (const where of CASES) {
      const heir = await federation.query(
        'mutation($kpj: ID!) { addHeir(kpj: $kpj, fullName: "Ahli Waris", relationship: SPOUSE) { id } }',
        { kpj: worker[where].kpj },
        fixture,
      );
      heirs[where] = heir.data.addHeir.id;
      const claim = await federation.query(
        'mutation($input: ClaimInput!) { fileClaim(input: $input) { id items { id } } }',
        {
          input: {
            kpj: worker[where].kpj,
            program: 'JKK',
            eventDate: '2021-05-02',
            benefits: [{ kind: 'MEDICAL_CARE', amount: 2_500_000, billReference: 'RS-MATRIX-0' }],
          },
        },
        fixture,
      );
      claims[where] = claim.data.fileClaim.id;
      claimItems[where] = claim.data.fileClaim.items[0].id;
      [{ card_number: jkn[where] }] = await sql(
        federation,
        'health',
        'SELECT card_number FROM jkn_membership WHERE village_code = $1 ORDER BY card_number LIMIT 1',
        [village[where]],
      );
    }
    const allocation = await openAllocation(federation, 2024, 50);
    fixtures = {
      village,
      worker: { in: { nik: inside.nik, kpj: inside.kpj }, out: { nik: outside.nik, kpj: outside.kpj } },
      jknCard: jkn,
      heirId: heirs,
      claimId: claims,
      claimItemId: claimItems,
      allocationId: allocation.id,
      newNik: { in: '8171025203900011', out: '8171015203900012' },
    };
  });
  afterAll(async () => federation?.stop());

  it('has a row for every root field and mutation the gateway serves, and none for a field it does not', async () => {
    const schema = await federation.query(
      '{ __schema { queryType { fields { name } } mutationType { fields { name } } } }',
    );
    const served = [...schema.data.__schema.queryType.fields, ...schema.data.__schema.mutationType.fields]
      .map((f: { name: string }) => f.name)
      .sort();
    expect(Object.keys(ACCESS_MATRIX).sort()).toEqual(served);
  });

  it('answers every cell as the table says', async () => {
    const mismatches: string[] = [];
    let cells = 0;
    const headers = Object.fromEntries(
      await Promise.all(
        ROLE_ORDER.map(async (role) => [
          role,
          await federation.as(role, role === 'outreach-officer' ? { villages: [fixtures.village.in] } : {}),
        ]),
      ),
    );
    // Reads first, then writes, each in the table's order: a write never changes what a read cell sees.
    const rows = Object.entries(ACCESS_MATRIX).sort(([, a], [, b]) =>
      a.kind === b.kind ? 0 : a.kind === 'Query' ? -1 : 1,
    );
    for (const [field, row] of rows) {
      for (const where of CASES) {
        for (const [column, role] of ROLE_ORDER.entries()) {
          const operation = row.operation(fixtures, where, `matrix-${field}-${where}-${role}`);
          const response = await federation.query(operation.query, operation.variables ?? {}, headers[role]);
          const got = outcomeOf(row.kind, field, operation, response);
          const expected = row.expected[where][column];
          cells++;
          if (got !== expected) mismatches.push(`${field} (${where}) as ${role}: expected ${expected}, got ${got}`);
        }
      }
    }
    console.log(
      `access matrix: ${Object.keys(ACCESS_MATRIX).length} root fields and mutations x ${ROLE_ORDER.length} roles x ${CASES.length} cases = ${cells} cells`,
    );
    expect(mismatches).toEqual([]);
  });
});
