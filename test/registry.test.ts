/**
 * The registry keeps history in PostgreSQL: a partner publishes with its own credential, each
 * version keeps its author and check report, compose takes the latest approved versions, and one
 * command serves an earlier supergraph again.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runRegistry } from '../tools/schema/registry';
import { RegistryStore } from '../tools/schema/registry-store';
import { createTestDatabases, TestDatabases } from './support/databases';

const root = path.join(__dirname, '..');
const checkedIn = (name: string) => fs.readFileSync(path.join(root, 'schema', `${name}.graphql`), 'utf8');

// A field health adds needs a decision on personal data, like every field of a partner a Worker reaches.
const CARE_CLASS =
  '  careClass: Int! @requiresScopes(scopes: [["coverage:read", "personal-data:read"]]) @tag(name: "personal-data/full")\n';

describe('the schema registry with history', () => {
  let databases: TestDatabases;
  let dir: string;
  let run: (args: string[], credential?: string) => ReturnType<typeof runRegistry>;
  const file = (name: string, sdl: string) => {
    const at = path.join(dir, `${name}-${Math.random().toString(36).slice(2)}.graphql`);
    fs.writeFileSync(at, sdl);
    return at;
  };

  beforeAll(async () => {
    databases = await createTestDatabases(['registry']);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'registry-'));
    const supergraphPath = path.join(dir, 'supergraph.graphql');
    fs.copyFileSync(path.join(root, 'schema', 'supergraph.graphql'), supergraphPath);
    run = (args, credential) => runRegistry(args, { databaseUrl: databases.urls.registry, supergraphPath, credential });
  });
  afterAll(async () => {
    await databases?.drop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('seeds from schema/subgraphs.json, publishes with per-partner credentials, composes the approved, and rolls back', async () => {
    expect(await run(['seed'])).toEqual({
      exitCode: 0,
      output: 'Seeded population, budget, membership, health from schema/subgraphs.json.',
    });
    expect((await run(['compose'])).exitCode).toBe(0);
    const first = fs.readFileSync(path.join(dir, 'supergraph.graphql'), 'utf8');
    expect(first).toBe(checkedIn('supergraph'));

    const health = (await run(['credential', 'health'])).output;
    const population = (await run(['credential', 'population'])).output;
    const added = checkedIn('health').replace(
      CARE_CLASS,
      `${CARE_CLASS}\n  """The hospital where the member is registered."""\n  clinic: String @tag(name: "personal-data/full")\n`,
    );
    expect(added).toContain('clinic: String');

    // Another owner's credential publishes nothing for health.
    expect(await run(['publish', 'health', file('health', added), '--author', 'someone'], population)).toEqual({
      exitCode: 1,
      output: 'This credential may not publish the health subgraph.',
    });

    const published = await run(['publish', 'health', file('health', added), '--author', 'petugas-jkn'], health);
    expect(published.output).toContain('Result: PASS');
    expect(published.output).toMatch(/health version \d+ by petugas-jkn: approved/);
    expect((await run(['compose'])).output).toMatch(/Serving supergraph version 2/);
    expect(fs.readFileSync(path.join(dir, 'supergraph.graphql'), 'utf8')).toContain('clinic: String');

    // A breaking version is kept with its report, and never composed.
    const breaking = added.replace(/ {2}"""\n {2}Kelas rawat[^]*?"""\n/, '').replace(CARE_CLASS, '');
    const refused = await run(['publish', 'health', file('health', breaking), '--author', 'petugas-jkn'], health);
    expect(refused.output).toContain('FIELD_REMOVED: JknMembership.careClass was removed.');
    expect(refused.output).toMatch(/stored, not approved/);
    expect(refused.exitCode).toBe(1);
    expect((await run(['compose'])).output).toMatch(/Serving supergraph version 2/);

    expect(await run(['rollback', '1'])).toMatchObject({
      exitCode: 0,
      output: expect.stringContaining('It is version 1 again.'),
    });
    expect(fs.readFileSync(path.join(dir, 'supergraph.graphql'), 'utf8')).toBe(first);

    const history = (await run(['history'])).output;
    expect(history).toMatch(/health {2}approved {2}by petugas-jkn/);
    expect(history).toMatch(/health {2}refused +by petugas-jkn/);
    expect(history).toContain('(rollback to 1)');

    const store = new RegistryStore(databases.urls.registry);
    try {
      const { subgraphs } = await store.history();
      const kept = subgraphs.find((v) => !v.approved)!;
      expect(kept).toMatchObject({
        subgraph: 'health',
        author: 'petugas-jkn',
        report: { composes: true, breaking: [expect.objectContaining({ type: 'FIELD_REMOVED' })] },
      });
    } finally {
      await store.close();
    }
  });

  it('stages a version in another variant, served beside the current graph and not in it', async () => {
    expect((await run(['compose'])).exitCode).toBe(0);
    const current = fs.readFileSync(path.join(dir, 'supergraph.graphql'), 'utf8');
    const health = (await run(['credential', 'health'])).output;
    // On top of health's latest current version (the first test's clinic).
    const staged = checkedIn('health').replace(
      CARE_CLASS,
      `${CARE_CLASS}\n  """The hospital where the member is registered."""\n  clinic: String @tag(name: "personal-data/full")\n\n  """The member's primary care clinic (FKTP)."""\n  primaryClinic: String @tag(name: "personal-data/full")\n`,
    );
    const published = await run(
      ['publish', 'health', file('health', staged), '--author', 'petugas-jkn', '--variant', 'staging'],
      health,
    );
    expect(published.output).toMatch(/health version \d+ \(staging\) by petugas-jkn: approved/);

    expect((await run(['compose', '--variant', 'staging'])).output).toMatch(
      /Serving supergraph version \d+ of staging \(.*supergraph\.staging\.graphql\)/,
    );
    const staging = fs.readFileSync(path.join(dir, 'supergraph.staging.graphql'), 'utf8');
    expect(staging).toContain('primaryClinic: String');
    // The other subgraphs come from the current variant.
    expect(staging).toContain('fullName: String!');
    expect(fs.readFileSync(path.join(dir, 'api.staging.graphql'), 'utf8')).toContain('primaryClinic: String');

    // Composing the current variant takes none of it.
    expect((await run(['compose'])).exitCode).toBe(0);
    expect(fs.readFileSync(path.join(dir, 'supergraph.graphql'), 'utf8')).toBe(current);
    expect(current).not.toContain('primaryClinic');
    expect((await run(['history'])).output).toMatch(/health {2}approved {2}by petugas-jkn {2}\S+ {2}staging/);
    expect(await run(['compose', '--variant', 'Staging!'])).toMatchObject({ exitCode: 2 });
  });
});
