import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fetchedSdls, readRegistry, SUPERGRAPH_PATH } from '../schema/compose';
import { OPERATIONS_DIRECTORY, runCheck } from '../schema/check';
import { readOperations, validateOperation } from '../schema/client-impact';
import { apiSchemaOf } from '../gateway/supergraph-file';
import { health } from '../subgraphs/health/definition';
import { RunningSubgraph, startSubgraph } from '../subgraphs/shared/subgraph';
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
    for (const operation of operations) expect({ operation: operation.name, errors: validateOperation(current, operation) }).toEqual({ operation: operation.name, errors: [] });
  });

  it('passes a safe addition', async () => {
    const issuedOn = '  issuedOn: Date! @requiresScopes(scopes: [["coverage:read"]])\n';
    const sdl = edited(checkedIn('membership'), issuedOn, `${issuedOn}\n  """The day the latest premium was paid."""\n  lastPaidOn: Date @requiresScopes(scopes: [["coverage:read"]])\n`);
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
    expect(output).toContain("FOREIGN_FIELD_NOT_NULLABLE: Village.coverage (MEMBERSHIP): added to POPULATION's Village, so it must be nullable");
    expect(output).toContain('Result: FAIL (does not compose)');
    expect(exitCode).toBe(1);
  });

  it('names a listed operation that would no longer validate, e.g. after a new required argument', async () => {
    const sdl = edited(checkedIn('membership'), '    asOf: Date\n  ): CoveragePeriod', '    asOf: Date\n    program: Program!\n  ): CoveragePeriod');
    const { exitCode, output } = await runCheck(['membership', proposal('membership', sdl)]);
    expect(output).toContain('REQUIRED_ARG_ADDED: A required arg program on MembershipCard.coverage was added.');
    expect(output).toMatch(/WorkerCoverage \(schema\/operations\/worker-coverage\.graphql\): Field "coverage" argument "program" of type "Program!" is required/);
    expect(exitCode).toBe(1);
  });

  it('explains why a new partner does not compose', async () => {
    const sdl = `extend schema @link(url: "https://specs.apollo.dev/federation/v2.5", import: ["@key"])
      type Worker @key(fields: "nik") { nik: String! socialAssistance: [String!]! }`;
    const { exitCode, output } = await runCheck(['social', proposal('social', sdl)]);
    expect(output).toContain('Checking the social subgraph (joining the graph)');
    expect(output).toMatch(/FIELD_TYPE_MISMATCH: Type of field "Worker.nik" is incompatible across subgraphs: .*"ID!".*"String!" in subgraph "social"/);
    expect(output).toContain('Result: FAIL (does not compose)');
    expect(exitCode).toBe(1);
  });

  describe('with the partner service running', () => {
    let databases: TestDatabases;
    let running: RunningSubgraph;
    beforeAll(async () => {
      databases = await createTestDatabases(['health']);
      running = await startSubgraph(health, { port: 0, host: '127.0.0.1', databaseUrl: databases.urls.health, dataDir: os.tmpdir(), poolSize: 2, seed: false, quiet: true });
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
});
