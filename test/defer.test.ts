/**
 * A frontend team tries `@defer` on the slow part of a screen. The gateway cannot deliver
 * incrementally (@apollo/gateway plans deferred fragments but does not execute them), so it says
 * so with a stable code and names what to do instead, before any subgraph is asked.
 */
import { RunningGateway, startGateway } from '../gateway/server/gateway';
import { mintToken } from '../gateway/authentication/tokens';
import { postGraphQL, SUPERGRAPH, testAuth, testLogger, testTrust } from './support/federation';
import { resolveGatewaySettings } from '../gateway/server/settings';

describe('@defer', () => {
  const auth = testAuth();
  let gateway: RunningGateway;
  beforeAll(async () => {
    // No subgraph runs: the refusal comes from validation, before any plan is executed.
    gateway = await startGateway({
      settings: resolveGatewaySettings(process.env),
      port: 0,
      host: '127.0.0.1',
      supergraphPath: SUPERGRAPH,
      subgraphUrls: { population: 'http://127.0.0.1:9/graphql' },
      security: { auth, trust: testTrust() },
      logger: testLogger('gateway'),
    });
  });
  afterAll(async () => {
    await gateway?.stop();
  });

  it('is refused with DEFER_NOT_SUPPORTED and a message naming the alternative', async () => {
    const token = await mintToken(auth, { role: 'analyst' });
    const query = 'query Slow { regency(code: "81.71") { name ... @defer { districts { name } } } }';
    const response = await fetch(gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query }),
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as {
      data?: unknown;
      errors: { message: string; extensions: { code: string } }[];
    };
    expect(body.data).toBeUndefined();
    expect(body.errors).toEqual([
      {
        message: expect.stringContaining('second query'),
        locations: [{ line: 1, column: 48 }],
        extensions: { code: 'DEFER_NOT_SUPPORTED' },
      },
    ]);
  });

  it('leaves other validation errors as they are', async () => {
    const token = await mintToken(auth, { role: 'analyst' });
    const body = await postGraphQL(
      gateway.url,
      'query Typo { regency(code: "81.71") { nama } }',
      {},
      { authorization: `Bearer ${token}` },
    );
    expect(body.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });
});
