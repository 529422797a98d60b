import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fetchedSdls, readRegistry, SUPERGRAPH_PATH } from '../tools/schema/compose';
import { checkSubgraph, formatReport, OPERATIONS_DIRECTORY, passes, runCheck } from '../tools/schema/check';
import { readOperations } from '../platform/graphql/operations';
import { validateOperation } from '../tools/schema/client-impact';
import { apiSchemaOf } from '../platform/graphql/supergraph';
import { health } from '../subgraphs/health/definition';
import { RunningSubgraph, startSubgraph } from '../subgraphs/kit/subgraph';
import { resolveSubgraphSettings } from '../subgraphs/kit/settings';
import { createTestDatabases, TestDatabases } from './support/databases';

const root = path.join(__dirname, '..');
const checkedIn = (name: string) => fs.readFileSync(path.join(root, 'schema', `${name}.graphql`), 'utf8');

function proposal(name: string, sdl: string): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'proposal-')), `${name}.graphql`);
  fs.writeFileSync(file, sdl);
  return file;
}

function edited(sdl: string, from: string, to: string): string {
  expect(sdl).toContain(from);
  return sdl.replace(from, to);
}

describe('a partner checks its schema before joining or changing the graph', () => {
  it('the operations list holds the contract query, and every listed operation runs on the current graph', async () => {
    const operations = readOperations(OPERATIONS_DIRECTORY, root);
    expect(operations.map((op) => op.name)).toContain('WorkerCoverage');
    const current = await apiSchemaOf(fs.readFileSync(SUPERGRAPH_PATH, 'utf8'));
    for (const operation of operations)
      expect({ operation: operation.name, errors: validateOperation(current, operation) }).toEqual({
        operation: operation.name,
        errors: [],
      });
  });

  it('passes a safe addition', async () => {
    const issuedOn = '  issuedOn: Date! @requiresScopes(scopes: [["coverage:read"]])\n';
    const sdl = edited(
      checkedIn('membership'),
      issuedOn,
      `${issuedOn}\n  """The day the latest premium was paid."""\n  lastPaidOn: Date @requiresScopes(scopes: [["coverage:read"]])\n`,
    );
    const { exitCode, output } = await runCheck(['membership', proposal('membership', sdl)]);
    expect(output).toContain('✓ It composes');
    expect(output).toContain('✓ No breaking change');
    expect(output).toMatch(/✓ All \d+ listed operations still validate/);
    expect(output).toContain('Result: PASS');
    expect(exitCode).toBe(0);
  });

  it('flags a breaking change that a listed operation reads, and fails', async () => {
    // The insurer makes a card's status optional and removes CLOSED: WorkerCoverage reads both.
    const scopes = ' @requiresScopes(scopes: [["coverage:read"], ["coverage-status:read"]])\n';
    let sdl = edited(checkedIn('membership'), `  status: CardStatus!${scopes}`, `  status: CardStatus${scopes}`);
    sdl = edited(sdl, `  """Closed for good, e.g. at the member's death."""\n  CLOSED\n`, '');
    const { exitCode, output } = await runCheck(['membership', proposal('membership', sdl)]);
    expect(output).toContain('FIELD_CHANGED_KIND: MembershipCard.status changed type from CardStatus! to CardStatus.');
    expect(output).toContain('VALUE_REMOVED_FROM_ENUM: CLOSED was removed from enum type CardStatus.');
    expect(output).toMatch(/MembershipCard\.status changed type.*\n\s+read by listed operations: .*WorkerCoverage/);
    expect(output).toContain('Result: FAIL (would break clients)');
    expect(exitCode).toBe(1);
  });

  it("refuses a field added to another owner's entity as non-null, since that owner's outage would null the whole object", async () => {
    const coverage = '    asOf: Date\n  ): AreaCoverage @requiresScopes(scopes: [["aggregates:read"]])\n';
    const sdl = edited(checkedIn('membership'), coverage, coverage.replace('AreaCoverage ', 'AreaCoverage! '));
    const { exitCode, output } = await runCheck(['membership', proposal('membership', sdl)]);
    expect(output).toContain(
      "FOREIGN_FIELD_NOT_NULLABLE: Village.coverage (membership): added to population's (owner: Dinas Kependudukan dan Pencatatan Sipil Kota Ambon) Village, so it must be nullable",
    );
    expect(output).toContain('Result: FAIL (does not compose)');
    expect(exitCode).toBe(1);
  });

  it('names a listed operation that would no longer validate, e.g. after a new required argument', async () => {
    const sdl = edited(
      checkedIn('membership'),
      '    asOf: Date\n  ): CoveragePeriod',
      '    asOf: Date\n    program: Program!\n  ): CoveragePeriod',
    );
    const { exitCode, output } = await runCheck(['membership', proposal('membership', sdl)]);
    expect(output).toContain('REQUIRED_ARG_ADDED: A required arg program on MembershipCard.coverage was added.');
    expect(output).toMatch(
      /WorkerCoverage \(schema\/operations\/worker-coverage\.graphql\): Field "coverage" argument "program" of type "Program!" is required/,
    );
    expect(exitCode).toBe(1);
  });

  it('explains why a new partner does not compose', async () => {
    const sdl = `extend schema @link(url: "https://specs.apollo.dev/federation/v2.5", import: ["@key"])
      type Worker @key(fields: "nik") { nik: String! socialAssistance: [String!]! }`;
    const { exitCode, output } = await runCheck(['sample_agency', proposal('sample_agency', sdl)]);
    expect(output).toContain('Checking the sample_agency subgraph (joining the graph)');
    expect(output).toMatch(
      /FIELD_TYPE_MISMATCH: Type of field "Worker.nik" is incompatible across subgraphs: .*"ID!".*"String!" in subgraph "sample_agency"/,
    );
    expect(output).toContain('Result: FAIL (does not compose)');
    expect(exitCode).toBe(1);
  });

  describe('with the partner service running', () => {
    let databases: TestDatabases;
    let running: RunningSubgraph;
    beforeAll(async () => {
      databases = await createTestDatabases(['health']);
      running = await startSubgraph(health, {
        settings: resolveSubgraphSettings(process.env, 'health'),
        port: 0,
        host: '127.0.0.1',
        databaseUrl: databases.urls.health,
        dataDir: os.tmpdir(),
        poolSize: 2,
        seed: false,
        quiet: true,
      });
    });
    afterAll(async () => {
      await running?.stop();
      await databases?.drop();
    });

    it('checks the schema the service itself serves, and compose copies it into the registry file', async () => {
      const { exitCode, output } = await runCheck(['health', running.url]);
      expect(output).toContain('Result: PASS');
      expect(exitCode).toBe(0);

      const entry = { ...readRegistry().find((e) => e.name === 'health')!, fetchFrom: running.url };
      const [[file, sdl]] = [...(await fetchedSdls([entry]))];
      expect(file).toBe(path.join(root, 'schema', 'health.graphql'));
      expect(sdl).toBe(checkedIn('health'));
    });
  });

  describe('guards other owners, naming the owner whose part would change', () => {
    const POPULATION_OWNER = 'owner: population (Dinas Kependudukan dan Pencatatan Sipil Kota Ambon)';
    const HEALTH_OWNER = 'owner: health (BPJS Kesehatan Kantor Cabang Ambon)';
    const partner = (imports: string, body: string) =>
      `extend schema @link(url: "https://specs.apollo.dev/federation/v2.5", import: [${imports}])\n${body}`;

    it("refuses an @override of another owner's field without that owner's approval in the registry", async () => {
      const sdl = partner(
        '"@key", "@override", "@requiresScopes", "@tag"',
        'type Worker @key(fields: "nik") { nik: ID! fullName: String! @override(from: "population") @requiresScopes(scopes: [["workers:read"]]) @tag(name: "personal-data/name") }',
      );
      const { exitCode, output } = await runCheck(['social', proposal('social', sdl)]);
      expect(output).toContain(
        'OVERRIDE_WITHOUT_APPROVAL: social takes Worker.fullName over from population with @override',
      );
      expect(output).toContain('owner: Dinas Kependudukan dan Pencatatan Sipil Kota Ambon');
      expect(output).toContain("Result: FAIL (needs another owner's agreement)");
      expect(exitCode).toBe(1);

      // The same change passes once population's entry approves it.
      const registry = readRegistry().map((entry) =>
        entry.name === 'population'
          ? { ...entry, overridesApproved: [{ field: 'Worker.fullName', to: 'social', approvedBy: 'Kepala Dinas' }] }
          : entry,
      );
      const approved = await checkSubgraph({ name: 'social', sdl, registry });
      expect(formatReport(approved)).not.toContain('OVERRIDE_WITHOUT_APPROVAL');
      expect(passes(approved)).toBe(true);
    });

    it('refuses removing or weakening an access rule, and accepts tightening one', async () => {
      const rule = '@requiresScopes(scopes: [["aggregates:read"], ["coverage:read"]])';
      const removed = await runCheck([
        'health',
        proposal(
          'health',
          edited(
            checkedIn('health'),
            `healthCoverage: VillageHealthCoverage ${rule}`,
            'healthCoverage: VillageHealthCoverage',
          ),
        ),
      ]);
      expect(removed.output).toContain(
        'ACCESS_RULE_WEAKENED: Village.healthCoverage required scope:aggregates:read or scope:coverage:read; it would require nothing.',
      );
      expect(removed.output).toContain(HEALTH_OWNER);
      expect(removed.exitCode).toBe(1);

      const widened = edited(
        checkedIn('health'),
        rule,
        '@requiresScopes(scopes: [["aggregates:read"], ["coverage:read"], ["coverage-status:read"]])',
      );
      expect((await runCheck(['health', proposal('health', widened)])).output).toContain(
        'it would require scope:aggregates:read or scope:coverage:read or scope:coverage-status:read',
      );

      const tightened = edited(checkedIn('health'), rule, '@requiresScopes(scopes: [["coverage:read"]])');
      const stricter = await runCheck(['health', proposal('health', tightened)]);
      expect(stricter.output).not.toContain('ACCESS_RULE_WEAKENED');
      expect(stricter.exitCode).toBe(0);
    });

    it("refuses a non-null field added to another owner's entity, naming that owner", async () => {
      const sdl = partner('"@key"', 'type Worker @key(fields: "nik") { nik: ID! socialAssistance: String! }');
      const { exitCode, output } = await runCheck(['social', proposal('social', sdl)]);
      expect(output).toContain(
        "FOREIGN_FIELD_NOT_NULLABLE: Worker.socialAssistance (social): added to population's (owner: Dinas Kependudukan dan Pencatatan Sipil Kota Ambon) Worker",
      );
      expect(exitCode).toBe(1);
    });

    it("refuses a value added to another owner's enum", async () => {
      const sdl = partner(
        '"@key"',
        'type Worker @key(fields: "nik") { nik: ID! recordedSex: Sex }\nenum Sex { MALE FEMALE UNRECORDED }',
      );
      const { exitCode, output } = await runCheck(['social', proposal('social', sdl)]);
      expect(output).toContain(
        'ENUM_VALUE_ADDED_TO_FOREIGN_ENUM: social adds UNRECORDED to Sex, an enum that population defines',
      );
      expect(output).toContain(POPULATION_OWNER);
      expect(exitCode).toBe(1);
    });

    it('refuses a personal-data tag of a kind the gateway cannot mask', async () => {
      const sdl = edited(
        checkedIn('health'),
        '@tag(name: "personal-data/full")\n\n  """The day',
        '@tag(name: "personal-data/diagnosis")\n\n  """The day',
      );
      const { exitCode, output } = await runCheck(['health', proposal('health', sdl)]);
      expect(output).toContain(
        'UNKNOWN_PERSONAL_DATA_KIND: JknMembership.careClass is tagged "personal-data/diagnosis"',
      );
      expect(output).toContain(HEALTH_OWNER);
      expect(exitCode).toBe(1);
    });

    it('refuses personal data that the read audit could not attribute to a person', async () => {
      // JknMembership is fetched by its card number and by a root field, not only through a Worker: only its holder names the person.
      const sdl = edited(
        checkedIn('health'),
        '  holder: Worker @requiresScopes(scopes: [["coverage:read"]])',
        '  holder: ID @tag(name: "personal-data/none")',
      );
      const { exitCode, output } = await runCheck(['health', proposal('health', sdl)]);
      expect(output).toContain(
        'PERSONAL_DATA_WITHOUT_PERSON: JknMembership.careClass is marked personal data, but JknMembership can be reached without going through a Worker',
      );
      expect(output).toContain(HEALTH_OWNER);
      expect(output).not.toContain('UNKNOWN_PERSONAL_DATA_KIND');
      expect(exitCode).toBe(1);
    });

    it("refuses a partner's field a Worker reaches without a decision on personal data, and lists those declared not personal", async () => {
      const undecided = edited(
        checkedIn('health'),
        '  registeredOn: Date! @tag(name: "personal-data/date")',
        '  registeredOn: Date!',
      );
      const refused = await runCheck(['health', proposal('health', undecided)]);
      expect(refused.output).toContain(
        'PERSONAL_DATA_UNDECIDED: JknMembership.registeredOn can be read beside a Worker but carries no decision on personal data',
      );
      expect(refused.output).toContain(HEALTH_OWNER);
      expect(refused.exitCode).toBe(1);

      const declared = edited(
        checkedIn('health'),
        '  registeredOn: Date! @tag(name: "personal-data/date")',
        '  registeredOn: Date! @tag(name: "personal-data/none")',
      );
      const report = await checkSubgraph({ name: 'health', sdl: declared });
      expect(report.composes && report.ownerViolations.map((v) => v.type)).toEqual(['PERSONAL_DATA_MARK_REMOVED']);
      expect(formatReport(report)).toMatch(
        /declared not personal data \(personal-data\/none\): .*JknMembership\.registeredOn/,
      );
      expect(formatReport(report)).toContain('VillageHealthCoverage.members');
    });

    it('passes the checked-in health schema: every field about a person is marked, the counts declared not personal', async () => {
      const { exitCode, output } = await runCheck(['health', 'schema/health.graphql']);
      expect(output).toContain('Result: PASS');
      expect(output).toContain('declared not personal data (personal-data/none): ');
      expect(exitCode).toBe(0);
    });

    it('refuses a scope that no registry entry declares, since no role could be granted it', async () => {
      const sdl = edited(
        checkedIn('health'),
        '[["coverage:read", "personal-data:read"]]',
        '[["coverage:read", "personal-data:read", "care-class:read"]]',
      );
      const { exitCode, output } = await runCheck(['health', proposal('health', sdl)]);
      expect(output).toContain(
        'UNDECLARED_SCOPE: JknMembership.careClass requires care-class:read, which no registry entry declares',
      );
      expect(output).toContain(HEALTH_OWNER);
      expect(exitCode).toBe(1);

      const registry = readRegistry().map((entry) =>
        entry.name === 'health'
          ? { ...entry, scopes: [{ name: 'care-class:read', description: 'the ward class a member is covered for' }] }
          : entry,
      );
      expect(formatReport(await checkSubgraph({ name: 'health', sdl, registry }))).not.toContain('UNDECLARED_SCOPE');
    });

    it('refuses removing a personal-data mark', async () => {
      const sdl = edited(checkedIn('population'), ' @tag(name: "personal-data/date")', '');
      const { exitCode, output } = await runCheck(['population', proposal('population', sdl)]);
      expect(output).toContain('PERSONAL_DATA_MARK_REMOVED: Worker.birthDate would lose its "personal-data/date" mark');
      expect(exitCode).toBe(1);
    });

    it("names an operation of the frontend's persisted-query manifest that a change would break", async () => {
      const manifest = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'manifest-')), 'persisted-query-manifest.json');
      const body =
        'query ClinicCard($nik: String!) { worker(nik: $nik) { healthCoverage { ...Card } } }\nfragment Card on JknMembership { cardNumber careClass }';
      fs.writeFileSync(
        manifest,
        JSON.stringify({
          format: 'apollo-persisted-query-manifest',
          version: 1,
          operations: [{ id: 'sha256-clinic-card', name: 'ClinicCard', type: 'query', body }],
        }),
      );
      const sdl = edited(
        checkedIn('health'),
        '  """\n  Kelas rawat: the hospital ward class covered, 1 (best) to 3.\n  \n  Access: needs the scope both `coverage:read` and `personal-data:read`.\n  """\n  careClass: Int! @requiresScopes(scopes: [["coverage:read", "personal-data:read"]]) @tag(name: "personal-data/full")\n',
        '',
      );
      const report = await checkSubgraph({ name: 'health', sdl, manifestPath: manifest });
      const output = formatReport(report);
      expect(output).toMatch(
        /ClinicCard \(.*persisted-query-manifest\.json#sha256-clinic-card\): Cannot query field "careClass" on type "JknMembership"/,
      );
      expect(output).toMatch(/JknMembership\.careClass was removed\.\n\s+read by listed operations: .*ClinicCard/);
      expect(passes(report)).toBe(false);
    });
  });
});
