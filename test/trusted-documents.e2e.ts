/**
 * Production runs trusted documents only: the city's apps send the operations listed in
 * schema/persisted-query-manifest.json (by id or in full), and anything else is refused before it
 * is parsed. A request by id is still checked like any other: no token, no answer; a role without
 * the scope gets FORBIDDEN. A new manifest is picked up without a restart. Development keeps
 * automatic persisted queries.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { getIntrospectionQuery } from 'graphql';
import { writeAtomically } from '../tools/schema/compose';
import { MANIFEST_PATH } from '../tools/schema/persisted-queries';
import { storyWorkers } from '../domain/seed-story';
import type { RunningGateway } from '../gateway/server/gateway';
import { Federation, startFederation } from './support/federation';

interface Answer {
  status: number;
  body: { data?: any; errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, any> }[] };
}

async function send(url: string, payload: Record<string, unknown>, headers: Record<string, string> = {}): Promise<Answer> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(payload) });
  return { status: response.status, body: (await response.json()) as Answer['body'] };
}

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

describe('trusted documents: a production gateway runs the listed operations only', () => {
  let federation: Federation;
  let development: RunningGateway;
  let directory: string;
  let manifestFile: string;
  const manifest = JSON.parse(fs.readFileSync(MANIFEST_PATH, 'utf8')) as { operations: { id: string; name: string; body: string }[] };
  const workerCoverage = manifest.operations.find((operation) => operation.name === 'WorkerCoverage')!;
  const worker = storyWorkers()[0];
  const UNLISTED = 'query RegencyName { regency(code: "81.71") { name } }';

  beforeAll(async () => {
    directory = fs.mkdtempSync(path.join(os.tmpdir(), 'trusted-documents-'));
    manifestFile = path.join(directory, 'persisted-query-manifest.json');
    fs.copyFileSync(MANIFEST_PATH, manifestFile);
    federation = await startFederation({ gateway: { trustedDocuments: 'safelist', persistedQueryManifestPath: manifestFile, supergraphPollMs: 100 } });
    development = await federation.startGateway({ trustedDocuments: 'off', persistedQueryManifestPath: manifestFile });
  });
  afterAll(async () => {
    await federation?.stop();
    fs.rmSync(directory, { recursive: true, force: true });
  });

  it('lists the contract query, and runs it by its id alone', async () => {
    expect(workerCoverage.id).toBe(sha256(workerCoverage.body));
    const { status, body } = await send(
      federation.gateway.url,
      { operationName: 'WorkerCoverage', variables: { nik: worker.nik }, extensions: byId(workerCoverage.id) },
      await federation.as('population-officer'),
    );
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    expect(body.data.worker).toMatchObject({ nik: worker.nik, fullName: worker.fullName, membership: { kpj: expect.any(String) } });
  });

  it('runs a listed document sent in full, however it is spaced', async () => {
    const spaced = workerCoverage.body.replace(/\n\s*/g, ' ');
    const { status, body } = await send(federation.gateway.url, { query: spaced, variables: { nik: worker.nik } }, await federation.as('population-officer'));
    expect(status).toBe(200);
    expect(body.data.worker.nik).toBe(worker.nik);
  });

  it('refuses a document that is not listed, and an unknown id, with HTTP 400 and a stable code', async () => {
    const officer = await federation.as('population-officer');
    const full = await send(federation.gateway.url, { query: UNLISTED, operationName: 'RegencyName' }, officer);
    expect(full.status).toBe(400);
    expect(full.body.errors).toEqual([{ message: expect.stringContaining('RegencyName is not in the persisted query manifest'), extensions: { code: 'QUERY_NOT_IN_SAFELIST' } }]);
    expect(full.body.data).toBeUndefined();

    // Registering it the APQ way does not work either...
    const registering = await send(federation.gateway.url, { query: UNLISTED, extensions: byId(sha256(UNLISTED)) }, officer);
    expect(registering.status).toBe(400);
    expect(registering.body.errors?.[0].extensions?.code).toBe('QUERY_NOT_IN_SAFELIST');
    // ...so its hash stays unknown.
    const unknown = await send(federation.gateway.url, { extensions: byId(sha256(UNLISTED)) }, officer);
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors).toEqual([{ message: expect.stringContaining('No trusted operation has the id'), extensions: { code: 'PERSISTED_QUERY_NOT_IN_LIST' } }]);
  });

  it('checks a request by id like any other: no token is 401, a role without the scope gets FORBIDDEN', async () => {
    const payload = { operationName: 'WorkerCoverage', variables: { nik: worker.nik }, extensions: byId(workerCoverage.id) };
    const anonymous = await send(federation.gateway.url, payload);
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');

    const analyst = await send(federation.gateway.url, payload, await federation.as('analyst'));
    expect(analyst.status).toBe(200);
    expect(analyst.body.data).toEqual({ worker: null });
    expect(analyst.body.errors).toEqual([expect.objectContaining({ path: ['worker'], extensions: expect.objectContaining({ code: 'FORBIDDEN' }) })]);
  });

  it('picks up a new manifest without a restart, and keeps the previous one when the new file is broken', async () => {
    const officer = await federation.as('population-officer');
    const added = { id: sha256(UNLISTED), name: 'RegencyName', type: 'query', body: UNLISTED };
    writeAtomically(manifestFile, JSON.stringify({ ...manifest, operations: [...manifest.operations, added] }, null, 2));
    const answer = await until('the new manifest', async () => {
      const attempt = await send(federation.gateway.url, { extensions: byId(added.id) }, officer);
      return attempt.status === 200 ? attempt : undefined;
    });
    expect(answer.body).toEqual({ data: { regency: { name: 'Kota Ambon' } } });

    writeAtomically(manifestFile, '{ "format": "apollo-persisted-query-manifest", "version": 1, "operations": [');
    await until('the broken manifest to be refused', async () => (federation.gateway.trustedDocuments.refusal ? true : undefined));
    expect((await send(federation.gateway.url, { extensions: byId(added.id) }, officer)).status).toBe(200);
    expect((await send(federation.gateway.url, { extensions: byId(workerCoverage.id), variables: { nik: worker.nik } }, officer)).body.data.worker.nik).toBe(worker.nik);
  });

  it('lets Sandbox and the explorer load the schema in production, for schema:read only, and nothing else with it', async () => {
    const production = await federation.startGateway({ production: true, trustedDocuments: 'safelist', persistedQueryManifestPath: MANIFEST_PATH });
    try {
      const introspection = { query: getIntrospectionQuery(), operationName: 'IntrospectionQuery' };
      const analyst = await send(production.url, introspection, await federation.as('analyst'));
      expect(analyst.status).toBe(200);
      expect(analyst.body.data.__schema.queryType).toMatchObject({ name: 'Query' });
      expect(analyst.body.data.__schema.types.map((type: { name: string }) => type.name)).toContain('Worker');

      expect((await send(production.url, introspection)).status).toBe(401);
      const mixed = await send(production.url, { query: '{ __schema { queryType { name } } regency(code: "81.71") { name } }' }, await federation.as('analyst'));
      expect(mixed.status).toBe(400);
      expect(mixed.body.errors?.[0].extensions?.code).toBe('QUERY_NOT_IN_SAFELIST');
      const hidden = await send(production.url, { query: 'query { ...Schema } fragment Schema on Query { __typename regency(code: "81.71") { name } }' }, await federation.as('analyst'));
      expect(hidden.body.errors?.[0].extensions?.code).toBe('QUERY_NOT_IN_SAFELIST');
    } finally {
      await production.stop();
    }
  });

  it('keeps automatic persisted queries in development, beside the listed ids', async () => {
    const officer = await federation.as('population-officer');
    const hash = sha256(UNLISTED + ' ');
    const miss = await send(development.url, { extensions: byId(hash) }, officer);
    expect(miss.body.errors?.[0].extensions?.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    expect((await send(development.url, { query: UNLISTED + ' ', extensions: byId(hash) }, officer)).body.data).toEqual({ regency: { name: 'Kota Ambon' } });
    expect((await send(development.url, { extensions: byId(hash) }, officer)).body.data).toEqual({ regency: { name: 'Kota Ambon' } });
    expect((await send(development.url, { extensions: byId(workerCoverage.id), variables: { nik: worker.nik } }, officer)).body.data.worker.nik).toBe(worker.nik);
  });
});
