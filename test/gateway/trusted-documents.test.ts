/**
 * Production runs trusted documents only: the city's apps send the operations listed in the
 * persisted query manifest (by id or in full), and anything else is refused before it is parsed.
 * A request by id is still checked like any other: no token, no answer; a role without the scope
 * gets FORBIDDEN. A new manifest is picked up without a restart. Development keeps automatic
 * persisted queries.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { getIntrospectionQuery, parse, print } from 'graphql';
import { writeAtomically } from '../../tools/schema/compose';
import { MANIFEST_PATH } from '../../tools/schema/persisted-queries';
import type { RunningGateway } from '../../gateway/server/gateway';
import { GatewayTester, startGatewayTester } from '../support/gateway-tester';
import { SMALL_WORKER_COVERAGE, smallGraph, WORKERS } from '../support/small-graph';

const byId = (id: string) => ({ persistedQuery: { version: 1, sha256Hash: id } });
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

async function until<T>(what: string, probe: () => Promise<T | undefined>): Promise<T> {
  for (let i = 0; i < 200; i++) {
    const found = await probe();
    if (found !== undefined) return found;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`gave up waiting: ${what}`);
}

/** A manifest as `npm run compose` prints one: each body printed by graphql-js, its id the body's SHA-256. */
function manifestOf(documents: string[]) {
  const operations = documents.map((document) => {
    const body = print(parse(document));
    const definition = parse(body).definitions[0] as { name?: { value: string }; operation: string };
    return { id: sha256(body), name: definition.name!.value, type: definition.operation, body };
  });
  return { format: 'apollo-persisted-query-manifest', version: 1, operations };
}

describe('trusted documents: a production gateway runs the listed operations only', () => {
  let tester: GatewayTester;
  let safelisted: RunningGateway;
  let development: RunningGateway;
  let manifestFile: string;
  const manifest = manifestOf([
    SMALL_WORKER_COVERAGE,
    'query Funder($id: ID!) { allocation(id: $id) { funder { name } } }',
  ]);
  const workerCoverage = manifest.operations.find((operation) => operation.name === 'WorkerCoverage')!;
  const worker = WORKERS[0];
  const UNLISTED = 'query RegencyName { regency(code: "81.71") { name } }';

  beforeAll(async () => {
    tester = await startGatewayTester(smallGraph());
    manifestFile = path.join(tester.directory, 'persisted-query-manifest.json');
    fs.writeFileSync(manifestFile, JSON.stringify(manifest, null, 2));
    // Gateways of their own, given this manifest: one running it as a safelist, one in development.
    safelisted = await tester.startGateway({
      trustedDocuments: 'safelist',
      persistedQueryManifestPath: manifestFile,
      supergraphPollMs: 100,
    });
    development = await tester.startGateway({ trustedDocuments: 'off', persistedQueryManifestPath: manifestFile });
  });
  afterAll(async () => tester?.close());

  const send = (payload: Record<string, unknown>, headers: Record<string, string> = {}, url = safelisted.url) =>
    tester.send(payload, headers, url);

  it("lists the project's contract query by the hash of its body", () => {
    const checkedIn = JSON.parse(fs.readFileSync(MANIFEST_PATH, 'utf8')) as typeof manifest;
    const contract = checkedIn.operations.find((operation) => operation.name === 'WorkerCoverage')!;
    expect(contract.id).toBe(sha256(contract.body));
  });

  it('runs a listed query by its id alone', async () => {
    const { status, body } = await send(
      { operationName: 'WorkerCoverage', variables: { nik: worker.nik }, extensions: byId(workerCoverage.id) },
      await tester.as('population-officer'),
    );
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    expect(body.data.worker).toMatchObject({
      nik: worker.nik,
      fullName: worker.fullName,
      membership: { kpj: worker.kpj },
    });
  });

  it('runs a listed document sent in full, however it is spaced', async () => {
    const spaced = workerCoverage.body.replace(/\n\s*/g, ' ');
    const { status, body } = await send(
      { query: spaced, variables: { nik: worker.nik } },
      await tester.as('population-officer'),
    );
    expect(status).toBe(200);
    expect(body.data.worker.nik).toBe(worker.nik);
  });

  it('refuses a document that is not listed, and an unknown id, with HTTP 400 and a stable code', async () => {
    const officer = await tester.as('population-officer');
    const before = tester.subgraphRequests();
    const full = await send({ query: UNLISTED, operationName: 'RegencyName' }, officer);
    expect(full.status).toBe(400);
    expect(full.body.errors).toEqual([
      {
        message: expect.stringContaining('RegencyName is not in the persisted query manifest'),
        extensions: { code: 'QUERY_NOT_IN_SAFELIST' },
      },
    ]);
    expect(full.body.data).toBeUndefined();

    // Registering it the APQ way does not work either...
    const registering = await send({ query: UNLISTED, extensions: byId(sha256(UNLISTED)) }, officer);
    expect(registering.status).toBe(400);
    expect(registering.body.errors?.[0].extensions?.code).toBe('QUERY_NOT_IN_SAFELIST');
    // ...so its hash stays unknown.
    const unknown = await send({ extensions: byId(sha256(UNLISTED)) }, officer);
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors).toEqual([
      {
        message: expect.stringContaining('No trusted operation has the id'),
        extensions: { code: 'PERSISTED_QUERY_NOT_IN_LIST' },
      },
    ]);
    expect(tester.subgraphRequests()).toEqual(before);
  });

  it('checks a request by id like any other: no token is 401, a role without the scope gets FORBIDDEN', async () => {
    const payload = {
      operationName: 'WorkerCoverage',
      variables: { nik: worker.nik },
      extensions: byId(workerCoverage.id),
    };
    const anonymous = await send(payload);
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');

    const analyst = await send(payload, await tester.as('analyst'));
    expect(analyst.status).toBe(200);
    expect(analyst.body.data).toEqual({ worker: null });
    expect(analyst.body.errors).toEqual([
      expect.objectContaining({ path: ['worker'], extensions: expect.objectContaining({ code: 'FORBIDDEN' }) }),
    ]);
  });

  it('picks up a new manifest without a restart, and keeps the previous one when the new file is broken', async () => {
    const officer = await tester.as('population-officer');
    const added = { id: sha256(UNLISTED), name: 'RegencyName', type: 'query', body: UNLISTED };
    writeAtomically(
      manifestFile,
      JSON.stringify({ ...manifest, operations: [...manifest.operations, added] }, null, 2),
    );
    const answer = await until('the new manifest', async () => {
      const attempt = await send({ extensions: byId(added.id) }, officer);
      return attempt.status === 200 ? attempt : undefined;
    });
    expect(answer.body).toEqual({ data: { regency: { name: 'Kota Ambon' } } });

    writeAtomically(manifestFile, '{ "format": "apollo-persisted-query-manifest", "version": 1, "operations": [');
    await until('the broken manifest to be refused', async () =>
      safelisted.trustedDocuments.refusal ? true : undefined,
    );
    expect((await send({ extensions: byId(added.id) }, officer)).status).toBe(200);
    expect(
      (await send({ extensions: byId(workerCoverage.id), variables: { nik: worker.nik } }, officer)).body.data.worker
        .nik,
    ).toBe(worker.nik);
    fs.writeFileSync(manifestFile, JSON.stringify(manifest, null, 2));
  });

  it('lets Sandbox and the explorer load the schema in production, for schema:read only, and nothing else with it', async () => {
    const production = await tester.startGateway({
      production: true,
      trustedDocuments: 'safelist',
      persistedQueryManifestPath: manifestFile,
    });
    const introspection = { query: getIntrospectionQuery(), operationName: 'IntrospectionQuery' };
    const analyst = await tester.send(introspection, await tester.as('analyst'), production.url);
    expect(analyst.status).toBe(200);
    expect(analyst.body.data.__schema.queryType).toMatchObject({ name: 'Query' });
    expect(analyst.body.data.__schema.types.map((type: { name: string }) => type.name)).toContain('Worker');

    expect((await tester.send(introspection, {}, production.url)).status).toBe(401);
    const mixed = await tester.send(
      { query: '{ __schema { queryType { name } } regency(code: "81.71") { name } }' },
      await tester.as('analyst'),
      production.url,
    );
    expect(mixed.status).toBe(400);
    expect(mixed.body.errors?.[0].extensions?.code).toBe('QUERY_NOT_IN_SAFELIST');
    const hidden = await tester.send(
      { query: 'query { ...Schema } fragment Schema on Query { __typename regency(code: "81.71") { name } }' },
      await tester.as('analyst'),
      production.url,
    );
    expect(hidden.body.errors?.[0].extensions?.code).toBe('QUERY_NOT_IN_SAFELIST');
  });

  it('keeps automatic persisted queries in development, beside the listed ids', async () => {
    const officer = await tester.as('population-officer');
    const hash = sha256(UNLISTED + ' ');
    const miss = await tester.send({ extensions: byId(hash) }, officer, development.url);
    expect(miss.body.errors?.[0].extensions?.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    expect(
      (await tester.send({ query: UNLISTED + ' ', extensions: byId(hash) }, officer, development.url)).body.data,
    ).toEqual({ regency: { name: 'Kota Ambon' } });
    expect((await tester.send({ extensions: byId(hash) }, officer, development.url)).body.data).toEqual({
      regency: { name: 'Kota Ambon' },
    });
    expect(
      (
        await tester.send(
          { extensions: byId(workerCoverage.id), variables: { nik: worker.nik } },
          officer,
          development.url,
        )
      ).body.data.worker.nik,
    ).toBe(worker.nik);
  });
});
