/**
 * Every subgraph accepts a caller assertion once (replay-guard.ts). The gateway therefore signs
 * afresh for every request it forwards: the same operation asked again and again keeps working.
 * (A captured assertion sent again to a real subgraph, and the mutation it carried running once:
 * test/caller-replay.e2e.ts.)
 */
import { GatewayTester, startGatewayTester } from '../support/gateway-tester';
import { SMALL_WORKER_COVERAGE, smallGraph, WORKERS } from '../support/small-graph';

describe('the gateway forwards each request with an assertion of its own', () => {
  let tester: GatewayTester;
  beforeAll(async () => {
    tester = await startGatewayTester(smallGraph());
  });
  afterAll(async () => tester?.close());

  it('answers the same headline request again and again, though every subgraph refuses an assertion it has seen', async () => {
    for (let i = 0; i < 5; i++) {
      const response = await tester.query(SMALL_WORKER_COVERAGE, { nik: WORKERS[0].nik });
      expect(response.errors).toBeUndefined();
    }
  });

  it('is what the subgraphs check: an assertion of this gateway sent twice is refused the second time', async () => {
    const query = '{ regency(code: "81.71") { name } }';
    const captured = await tester.callerHeader('population', { subject: 'petugas-dukcapil', scopes: [] }, { query });
    const send = () => tester.send({ query }, captured, tester.subgraphs.population.url);
    expect((await send()).body).toEqual({ data: { regency: { name: 'Kota Ambon' } } });
    const again = await send();
    expect(again.status).toBe(401);
    expect(again.body.errors![0].extensions).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'replayed' });
  });
});
