/**
 * No NIK and no name in any log line, whatever happens. This file runs a broad workload through
 * every service with every log line written (LOG_LEVEL=debug, to a file): headline reads as
 * several roles, enrollments that succeed and that are refused (no room, twice, bad input), an
 * invalid and an unknown NIK, a missing and a forged token, a direct unsigned subgraph call and
 * upkeep; then it greps the whole log for every seeded worker's NIK and name. Chosen over grepping
 * the whole suite's output because jest runs files in parallel workers whose output it captures
 * per file: a dedicated workload is repeatable, runs in every `npm test`, and fails on the line
 * that leaks. It also checks that each request's lines carry its request id and trace id.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Federation, postGraphQL, startFederation } from './support/federation';
import { ENROLL, openAllocation } from './support/writes';
import { storyWorkers } from '../domain/seed-story';
import { listedOperation } from '../tools/schema/operations';

const WORKER_COVERAGE = listedOperation('WorkerCoverage');
const logFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'log-hygiene-')), 'federation.log');

describe('an auditor greps the services’ logs for personal data', () => {
  let federation: Federation;
  const saved = { level: process.env.LOG_LEVEL, file: process.env.LOG_FILE, format: process.env.LOG_FORMAT };
  beforeAll(async () => {
    Object.assign(process.env, { LOG_LEVEL: 'debug', LOG_FILE: logFile, LOG_FORMAT: 'json' });
    federation = await startFederation();
    // Enrolments below start with 2022: cover never starts before the day it is recorded.
    federation.clock.set('2022-01-01');
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

  it('finds no seeded NIK or name after reads, writes, refusals and failures, and a request id and trace id on every request line', async () => {
    const workers = storyWorkers();
    for (const role of ['population-officer', 'outreach-officer', 'budget-officer', 'auditor'] as const) {
      await federation.query(
        WORKER_COVERAGE,
        { nik: workers[3].nik },
        await federation.as(role, { villages: [workers[3].villageCode] }),
      );
    }
    await federation.query(WORKER_COVERAGE, { nik: workers[5].nik });
    await federation.query(WORKER_COVERAGE, { nik: '1234' });
    await federation.query(WORKER_COVERAGE, { nik: workers[6].nik.replace(/\d{4}$/, '9999') });
    await postGraphQL(federation.gateway.url, WORKER_COVERAGE, { nik: workers[8].nik });
    await postGraphQL(
      federation.gateway.url,
      WORKER_COVERAGE,
      { nik: workers[8].nik },
      { authorization: 'Bearer forged.token.here' },
    );
    await postGraphQL(
      federation.subgraphs.population.url,
      '{ worker(nik: "' + workers[9].nik + '") { nik fullName } }',
    );

    const allocation = await openAllocation(federation, 2023, 2);
    const officer = await federation.actingAs('outreach-officer');
    const enrolments = await Promise.all(
      workers
        .slice(10, 14)
        .map((worker, i) =>
          federation.query(
            ENROLL,
            { input: { nik: worker.nik, allocationId: allocation.id, idempotencyKey: `hygiene-${i}` } },
            officer,
          ),
        ),
    );
    expect(enrolments.filter((r) => r.errors?.[0]?.extensions?.code === 'CONFLICT')).toHaveLength(2);
    // The same worker again under a new key, and a malformed one.
    await federation.query(
      ENROLL,
      { input: { nik: workers[10].nik, allocationId: allocation.id, idempotencyKey: 'hygiene-again' } },
      officer,
    );
    await federation.query(
      ENROLL,
      { input: { nik: `${workers[11].nik}0`, allocationId: allocation.id, idempotencyKey: 'hygiene-bad' } },
      officer,
    );
    await federation.subgraphs.membership.maintain();

    const text = fs.readFileSync(logFile, 'utf8');
    const lines = text
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line));
    const services = new Set(lines.map((line) => line.service));
    expect([...services].sort()).toEqual(expect.arrayContaining(['gateway', 'population', 'membership', 'budget']));

    const leaks = workers.flatMap((worker) => [worker.nik, worker.fullName]).filter((secret) => text.includes(secret));
    expect(leaks).toEqual([]);

    const requestLines = lines.filter((line) => line.msg === 'graphql request');
    expect(requestLines.length).toBeGreaterThan(20);
    for (const line of requestLines) {
      expect(line.requestId).toMatch(/\S/);
      expect(line.traceId).toMatch(/^[\da-f]{32}$/);
    }
    // One request's lines in every service share its request id and its trace id.
    const headline = requestLines.find(
      (line) => line.service === 'gateway' && line.operation === 'WorkerCoverage' && !line.errors,
    );
    const sameRequest = requestLines.filter((line) => line.requestId === headline.requestId);
    expect(new Set(sameRequest.map((line) => line.service))).toEqual(
      new Set(['gateway', 'population', 'membership', 'budget']),
    );
    expect(new Set(sameRequest.map((line) => line.traceId))).toEqual(new Set([headline.traceId]));
  });
});
