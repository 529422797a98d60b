/**
 * When population's read audit cannot keep up, a read of a person is refused with a code the
 * client can act on (AUDIT_UNAVAILABLE, naming the subgraph), and the failing writes are reported
 * by population's own logger, with its other lines, not on standard error.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Federation, startFederation } from './support/federation';
import { MAX_BACKLOG, personReadWriter } from '../subgraphs/population/audit/person-read-writer';
import { storyWorkers } from '../domain/seed-story';

const logFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'read-audit-failures-')), 'federation.log');
const WORKER = 'query Worker($nik: String!) { worker(nik: $nik) { nik fullName } }';

async function until<T>(probe: () => T | Promise<T>, done: (value: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('the read audit of population cannot take the rows', () => {
  let federation: Federation;
  const saved = { file: process.env.LOG_FILE, format: process.env.LOG_FORMAT };
  const [person, flooded] = storyWorkers();
  const db = () => federation.subgraphs.population.database.dataSource;

  beforeAll(async () => {
    Object.assign(process.env, { LOG_FILE: logFile, LOG_FORMAT: 'json' });
    federation = await startFederation();
  });
  afterAll(async () => {
    await federation?.stop();
    for (const [key, value] of [
      ['LOG_FILE', saved.file],
      ['LOG_FORMAT', saved.format],
    ] as const) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
    fs.rmSync(path.dirname(logFile), { recursive: true, force: true });
  });

  it('refuses the read with AUDIT_UNAVAILABLE from population, logs the failed writes there, and records every row once the audit is back', async () => {
    const writer = personReadWriter(db());
    await writer.drain();
    // The audit table out of reach: every INSERT fails and is retried, so the backlog only grows.
    await db().query('ALTER TABLE person_read_audit RENAME TO person_read_audit_away');
    try {
      const row = {
        nik: flooded.nik,
        reader: 'flood',
        agency: 'test',
        roles: [],
        operationName: null,
        requestId: 'flood',
        subgraph: 'population',
        fields: null,
      };
      writer.enqueue(Array.from({ length: MAX_BACKLOG - writer.backlog }, () => row));

      const refused = await federation.query(WORKER, { nik: person.nik }, await federation.as('population-officer'));
      expect(refused.data?.worker ?? null).toBeNull();
      expect(refused.errors).toEqual([
        expect.objectContaining({
          extensions: expect.objectContaining({ code: 'AUDIT_UNAVAILABLE', subgraph: 'population' }),
        }),
      ]);
      expect(JSON.stringify(refused)).not.toContain(person.fullName);

      const lines = await until(
        () =>
          fs
            .readFileSync(logFile, 'utf8')
            .split('\n')
            .filter(Boolean)
            .map((line) => JSON.parse(line)),
        (all) => all.some((line) => /read audit could not be written/.test(line.msg)),
      );
      const failure = lines.find((line) => /read audit could not be written/.test(line.msg));
      expect(failure).toMatchObject({
        service: 'population',
        level: 50,
        err: expect.objectContaining({ message: expect.stringContaining('person_read_audit') }),
      });
    } finally {
      await db().query('ALTER TABLE person_read_audit_away RENAME TO person_read_audit');
    }
    await writer.drain();
    expect(await db().query("SELECT count(*)::int AS n FROM person_read_audit WHERE reader = 'flood'")).toEqual([
      { n: 1 },
    ]);
    // Caught up: the same read is answered again.
    const answered = await federation.query(WORKER, { nik: person.nik }, await federation.as('population-officer'));
    expect(answered).toEqual({ data: { worker: { nik: person.nik, fullName: person.fullName } } });
  });
});
