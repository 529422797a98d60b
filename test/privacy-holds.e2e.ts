/**
 * Privacy holds whoever asks: the health partner's data is personal data (masked, audited, and
 * none of partner-agency's business), a client's mistake is the client's 400 with a code and
 * leaves no personal data in any log, and a safelisting gateway refuses a batch as a whole.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { storyWorkers } from '../domain/seed-story';
import { storyJknMembership } from '../subgraphs/health/seed';
import { MANIFEST_PATH } from '../tools/schema/persisted-queries';
import { maskNik } from '../domain/nik';
import type { RunningGateway } from '../gateway/server/gateway';
import { Federation, startFederation } from './support/federation';

const logFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'privacy-holds-')), 'federation.log');
const HEALTH =
  'query Health($nik: String!) { worker(nik: $nik) { nik membership { kpj status } healthCoverage { cardNumber status segment registeredOn } } }';
const TRAIL =
  'query Trail($reader: String!) { personReads(reader: $reader, subgraph: "health", first: 10) { nodes { nik subgraph fields operationName } } }';

async function send(
  url: string,
  body: unknown,
  headers: Record<string, string>,
): Promise<{ status: number; body: any }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
}

describe('privacy holds whoever asks', () => {
  let federation: Federation;
  let safelisting: RunningGateway;
  const saved = { level: process.env.LOG_LEVEL, file: process.env.LOG_FILE, format: process.env.LOG_FORMAT };
  const worker = storyWorkers().find((w) => storyJknMembership(w) !== null)!;
  const card = storyJknMembership(worker)!;

  beforeAll(async () => {
    Object.assign(process.env, { LOG_LEVEL: 'debug', LOG_FILE: logFile, LOG_FORMAT: 'json' });
    federation = await startFederation();
    safelisting = await federation.startGateway({
      trustedDocuments: 'safelist',
      persistedQueryManifestPath: MANIFEST_PATH,
    });
  });
  afterAll(async () => {
    await federation?.stop();
    for (const [key, value] of [
      ['LOG_LEVEL', saved.level],
      ['LOG_FILE', saved.file],
      ['LOG_FORMAT', saved.format],
    ] as const) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
    fs.rmSync(path.dirname(logFile), { recursive: true, force: true });
  });

  describe("the health partner's data is personal data", () => {
    it('partner-agency learns a masked NIK, the KPJ and the card status, and nothing of JKN', async () => {
      const answer = await federation.query(HEALTH, { nik: worker.nik }, await federation.as('partner-agency'));
      expect(answer.data?.worker).toEqual({
        nik: maskNik(worker.nik),
        membership: { kpj: worker.kpj, status: expect.any(String) },
        healthCoverage: null,
      });
      expect(answer.errors?.map((e) => ({ path: e.path, code: e.extensions?.code }))).toEqual([
        { path: ['worker', 'healthCoverage'], code: 'FORBIDDEN' },
      ]);
      expect(JSON.stringify(answer)).not.toContain(card.cardNumber);
    });

    it("the budget officer reads a worker's JKN membership masked, and not the ward class at all", async () => {
      const answer = await federation.query(HEALTH, { nik: worker.nik }, await federation.as('budget-officer'));
      expect(answer.errors).toBeUndefined();
      expect(answer.data.worker.healthCoverage).toEqual({
        cardNumber: `${card.cardNumber[0]}${'*'.repeat(11)}${card.cardNumber[12]}`,
        status: '****',
        segment: '****',
        registeredOn: '****-**-**',
      });
      const ward = await federation.query(
        'query Ward($nik: String!) { worker(nik: $nik) { healthCoverage { careClass } } }',
        { nik: worker.nik },
        await federation.as('budget-officer'),
      );
      expect(ward.errors?.map((e) => ({ path: e.path, code: e.extensions?.code }))).toEqual([
        { path: ['worker', 'healthCoverage', 'careClass'], code: 'FORBIDDEN' },
      ]);
      expect(JSON.stringify(ward)).not.toMatch(/"careClass":\d/);
    });

    it('every read of it is in the read audit under the person, through a Worker or by card number', async () => {
      const reader = 'jkn-desk@ambon.example';
      const headers = await federation.actingAs(reader);
      expect((await federation.query(HEALTH, { nik: worker.nik }, headers)).errors).toBeUndefined();
      const byCard = await federation.query(
        'query ByCard($card: ID!) { jknMembership(cardNumber: $card) { careClass } }',
        { card: card.cardNumber },
        headers,
      );
      expect(byCard).toEqual({ data: { jknMembership: { careClass: card.careClass } } });

      const trail = await federation.query(TRAIL, { reader }, await federation.as('auditor'));
      expect(trail.data?.personReads.nodes).toEqual([
        { nik: maskNik(worker.nik), subgraph: 'health', fields: ['JknMembership.careClass'], operationName: 'ByCard' },
        {
          nik: maskNik(worker.nik),
          subgraph: 'health',
          fields: [
            'JknMembership.cardNumber',
            'JknMembership.registeredOn',
            'JknMembership.segment',
            'JknMembership.status',
          ],
          operationName: 'Health',
        },
      ]);
    });
  });

  describe("a client's mistake is its own 400, and no log line names anyone", () => {
    const nik = '8171041203909876';
    const name = 'Yohana\u0000 Matakena';

    it('an operationName the document does not hold is BAD_REQUEST, HTTP 400', async () => {
      const answer = await send(
        federation.gateway.url,
        { query: 'query Regency { regency(code: "81.71") { name } }', operationName: 'Elsewhere' },
        await federation.as('analyst'),
      );
      expect({
        status: answer.status,
        codes: answer.body.errors.map((e: any) => [e.extensions.code, e.extensions.reason]),
      }).toEqual({ status: 400, codes: [['BAD_REQUEST', 'UNKNOWN_OPERATION']] });
    });

    it('a NUL byte in a name is BAD_USER_INPUT, and nothing of the registration reaches a log', async () => {
      const registration = { nik, fullName: name, occupation: 'Penjual ikan', villageCode: worker.villageCode };
      const answer = await federation.query(
        'mutation Register($input: WorkerRegistration!) { registerWorker(input: $input) { nik } }',
        { input: registration },
        await federation.as('population-officer'),
      );
      expect(answer.data ?? null).toBeNull();
      expect(answer.errors?.map((e) => [e.extensions?.code, e.extensions?.reason])).toEqual([
        ['BAD_USER_INPUT', 'CONTROL_CHARACTER'],
      ]);
      const log = fs.readFileSync(logFile, 'utf8');
      const leaks = [nik, 'Yohana', 'Matakena', '1990-03-12', 'Penjual ikan', worker.nik, card.cardNumber].filter(
        (secret) => log.includes(secret),
      );
      expect(leaks).toEqual([]);
    });
  });

  describe('a safelisting gateway refuses a batch as a whole', () => {
    it('runs nothing of a batch that holds an unlisted operation, not even its listed one', async () => {
      const manifest = JSON.parse(fs.readFileSync(MANIFEST_PATH, 'utf8')) as {
        operations: { name: string; body: string }[];
      };
      const listed = manifest.operations.find((operation) => operation.name === 'WorkerCoverage')!;
      const reader = 'batch-sender@ambon.example';
      const answer = await send(
        safelisting.url,
        [
          { query: listed.body, operationName: 'WorkerCoverage', variables: { nik: worker.nik } },
          { query: 'query Unlisted { regency(code: "81.71") { name } }' },
        ],
        await federation.actingAs(reader),
      );
      expect(
        answer.body.map((result: any) => [result.data ?? null, result.errors?.map((e: any) => e.extensions.code)]),
      ).toEqual([
        [null, ['QUERY_NOT_IN_SAFELIST']],
        [null, ['QUERY_NOT_IN_SAFELIST']],
      ]);
      const trail = await federation.query(
        'query Trail($reader: String!) { personReads(reader: $reader, first: 5) { nodes { nik } } }',
        { reader },
        await federation.as('auditor'),
      );
      expect(trail.data?.personReads.nodes).toEqual([]);
    });
  });
});
