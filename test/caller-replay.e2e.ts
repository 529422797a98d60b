/**
 * A caller assertion works once: captured from the traffic between the gateway and a subgraph
 * and sent again unchanged, the very same mutation is refused as UNAUTHENTICATED and runs once.
 * (That the gateway signs afresh for every request it forwards: test/gateway/caller-replay.test.ts.)
 */
import { Federation, postGraphQL, startFederation } from './support/federation';
import { sql } from './support/writes';
import { storyWorkers } from '../domain/seed-story';
import { ROLES } from '../contract/scopes';

describe('a captured caller assertion sent again', () => {
  let federation: Federation;

  beforeAll(async () => {
    federation = await startFederation();
  });
  afterAll(async () => federation?.stop());

  it('is refused as UNAUTHENTICATED, and the mutation it carried ran once', async () => {
    const worker = storyWorkers()[50];
    const query =
      'mutation Correct($nik: String!) { correctWorker(nik: $nik, correction: { occupation: "nelayan" }) { occupation } }';
    const variables = { nik: worker.nik };
    const captured = await federation.callerHeader(
      'population',
      { subject: 'petugas-dukcapil', roles: ['population-officer'], scopes: ROLES['population-officer'].scopes },
      { query, variables },
    );
    const first = await postGraphQL(federation.subgraphs.population.url, query, variables, captured);
    expect(first.errors).toBeUndefined();
    for (let replay = 0; replay < 3; replay++) {
      const again = await postGraphQL(federation.subgraphs.population.url, query, variables, captured);
      expect(again.data).toBeUndefined();
      expect(again.errors![0].extensions).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'replayed' });
    }
    const runs = await sql(
      federation,
      'population',
      `SELECT count(*)::int AS n FROM audit_log WHERE operation = 'correctWorker' AND entity_id = $1`,
      [worker.nik],
    );
    expect(runs[0].n).toBe(1);
  });
});
