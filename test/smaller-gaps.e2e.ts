/**
 * The smaller gaps an attacker found: limits answered 500 or without a code, tokens claiming
 * to be issued next year or to live a century, suggestions in production, operators' endpoints
 * open to anyone, and services listening on every interface (the date of death: write-paths.e2e.ts).
 */
import net from 'node:net';
import os from 'node:os';
import { Federation, startFederation } from './support/federation';
import { operationsToken } from '../platform/operations-token';

describe('the smaller gaps', () => {
  let development: Federation;
  let production: Federation;

  beforeAll(async () => {
    // One after the other: two embedded federations starting at once on a busy machine time out their first connections.
    development = await startFederation({ seed: false });
    production = await startFederation({ seed: false, production: true });
  });
  afterAll(async () => Promise.all([development?.stop(), production?.stop()]));

  const post = async (federation: Federation, body: string) => {
    const response = await fetch(federation.gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(await federation.actingAs('prober')) },
      body,
    });
    return {
      status: response.status,
      body: (await response.json()) as { errors?: { message: string; extensions?: Record<string, unknown> }[] },
    };
  };

  it('answers 1,000 aliases with a coded 400, not a 500', async () => {
    const query = `{ ${Array.from({ length: 1000 }, (_, i) => `a${i}: regency(code: "81.71") { name }`).join(' ')} }`;
    const { status, body } = await post(development, JSON.stringify({ query }));
    expect(status).toBe(400);
    expect(body.errors![0].extensions!.code).toMatch(/^GRAPHQL_(PARSE|VALIDATION)_FAILED$/);
  });

  it('answers an oversized body with 413 and a GraphQL error carrying a code', async () => {
    const query = `{ regency(code: "81.71") { ${'name '.repeat(600_000)} } }`;
    const { status, body } = await post(development, JSON.stringify({ query }));
    expect(status).toBe(413);
    expect(body.errors![0].extensions!.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it.each([
    ['issued a year ahead', { issuedIn: 365 * 86_400, expiresIn: 366 * 86_400 }, 'issued-in-future'],
    ['living a hundred years', { expiresIn: 100 * 365 * 86_400 }, 'lifetime'],
  ])('refuses a token %s', async (_name, request, reason) => {
    const token = await development.token({ role: 'population-officer', ...request });
    const response = await development.query('{ __typename }', {}, { authorization: `Bearer ${token}` });
    expect(response.errors![0].extensions).toMatchObject({ code: 'UNAUTHENTICATED', reason });
  });

  it('accepts a token issued a few seconds ahead, within the clock leeway', async () => {
    const token = await development.token({ role: 'population-officer', issuedIn: 5 });
    expect(
      (await development.query('{ __typename }', {}, { authorization: `Bearer ${token}` })).errors,
    ).toBeUndefined();
  });

  it('suggests no enum value or field in production', async () => {
    const { body } = await post(production, JSON.stringify({ query: '{ villages(kind: DESAA) { nodes { code } } }' }));
    expect(body.errors![0].message).not.toMatch(/did you mean/i);
    const development_ = await post(
      development,
      JSON.stringify({ query: '{ villages(kind: DESAA) { nodes { code } } }' }),
    );
    expect(development_.body.errors![0].message).toMatch(/did you mean/i);
  });

  it("keeps the gateway's subgraph health and each subgraph's metrics for holders of the operations token", async () => {
    const token = operationsToken(development.gatewaySecret)!;
    const health = development.gateway.url.replace('/graphql', '/health/subgraphs');
    const metrics = development.subgraphs.population.url.replace('/graphql', '/metrics');
    for (const url of [health, metrics]) {
      expect((await fetch(url)).status).toBe(401);
      expect((await fetch(url, { headers: { authorization: 'Bearer guessed' } })).status).toBe(401);
      expect((await fetch(url, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
    }
    // Probes stay open: they say only whether the service is up.
    expect((await fetch(development.gateway.url.replace('/graphql', '/health/ready'))).status).toBe(200);
  });

  it('listens on this machine only unless a listen address is configured', async () => {
    const gateway = await development.startGateway({ host: undefined });
    const outward = Object.values(os.networkInterfaces())
      .flat()
      .find((i) => i && !i.internal && i.family === 'IPv4')?.address;
    const reachable = (host: string) =>
      new Promise<boolean>((resolve) => {
        const socket = net.connect(gateway.port, host, () => (socket.end(), resolve(true)));
        socket.on('error', () => resolve(false));
      });
    expect(await reachable('127.0.0.1')).toBe(true);
    expect(outward).toBeDefined();
    expect(await reachable(outward!)).toBe(false);
  });
});
