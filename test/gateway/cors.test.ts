/**
 * A frontend team's dev server (Vite on :5173, Next on :3000...) calls the gateway from another
 * origin with Apollo Client, which names itself in `apollographql-client-name` and
 * `apollographql-client-version`. The browser asks first with a preflight; these tests send the
 * preflight a browser sends and check the answer it needs.
 */
import type { RunningGateway } from '../../gateway/server/gateway';
import { SANDBOX_ORIGIN } from '../../gateway/server/settings';
import { GatewayTester, startGatewayTester } from '../support/gateway-tester';
import { smallGraph } from '../support/small-graph';

const APOLLO_CLIENT_HEADERS = [
  'authorization',
  'content-type',
  'apollographql-client-name',
  'apollographql-client-version',
];

function preflight(url: string, origin: string, requestHeaders = APOLLO_CLIENT_HEADERS) {
  return fetch(url, {
    method: 'OPTIONS',
    headers: {
      origin,
      'access-control-request-method': 'POST',
      'access-control-request-headers': requestHeaders.join(','),
    },
  });
}

/** What a browser checks before it sends the real request. */
async function expectAllowed(response: Response, origin: string) {
  expect(response.status).toBe(204);
  expect(response.headers.get('access-control-allow-origin')).toBe(origin);
  expect(response.headers.get('access-control-allow-methods')).toContain('POST');
  const allowed = (response.headers.get('access-control-allow-headers') ?? '')
    .split(',')
    .map((h) => h.trim().toLowerCase());
  for (const header of APOLLO_CLIENT_HEADERS) expect(allowed).toContain(header);
}

async function expectRefused(response: Response) {
  expect(response.status).toBe(403);
  expect(response.headers.get('access-control-allow-origin')).toBeNull();
}

describe('CORS fits a frontend team running Apollo Client', () => {
  let tester: GatewayTester;
  let production: RunningGateway;
  let localhostOff: RunningGateway;
  const DASHBOARD = 'https://dashboard.ambon.example';

  beforeAll(async () => {
    tester = await startGatewayTester(smallGraph());
    production = await tester.startGateway({ production: true, corsOrigins: [DASHBOARD] });
    localhostOff = await tester.startGateway({ corsAllowLocalhost: false });
  });
  afterAll(async () => tester?.close());

  it('in development, lets a local dev server on any port call with Apollo Client headers, with no configuration', async () => {
    for (const origin of [
      'http://localhost:5173',
      'http://127.0.0.1:3000',
      'http://localhost:8080',
      'http://localhost',
    ]) {
      await expectAllowed(await preflight(tester.url, origin), origin);
    }
    // The real request that follows the preflight.
    const response = await fetch(tester.url, {
      method: 'POST',
      headers: {
        origin: 'http://localhost:5173',
        'content-type': 'application/json',
        'apollographql-client-name': 'outreach-app',
        'apollographql-client-version': '1.4.0',
        ...(await tester.as('analyst')),
      },
      body: JSON.stringify({ query: '{ regency(code: "81.71") { name } }' }),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    expect(await response.json()).toEqual({ data: { regency: { name: 'Kota Ambon' } } });
  });

  it('in development, still refuses origins that only look local', async () => {
    for (const origin of [
      'http://localhost.evil.example',
      'http://localhost:5173.evil.example',
      'https://evil.example',
      'http://127.0.0.2:5173',
    ]) {
      await expectRefused(await preflight(tester.url, origin));
    }
  });

  it('in production, allows only the configured origins', async () => {
    await expectAllowed(await preflight(production.url, DASHBOARD), DASHBOARD);
    await expectRefused(await preflight(production.url, 'http://localhost:5173'));
    await expectRefused(await preflight(production.url, 'http://127.0.0.1:3000'));
  });

  it('lets a development gateway turn local origins off', async () => {
    await expectRefused(await preflight(localhostOff.url, 'http://localhost:5173'));
  });

  it('answers preflights from Apollo Sandbox in development only', async () => {
    const sandbox = await preflight(tester.url, SANDBOX_ORIGIN, ['authorization']);
    expect(sandbox.status).toBe(204);
    expect(sandbox.headers.get('access-control-allow-origin')).toBe(SANDBOX_ORIGIN);
    expect(sandbox.headers.get('access-control-allow-headers')).toContain('authorization');
    const stranger = await preflight(tester.url, 'https://evil.example', ['authorization']);
    expect(stranger.status).toBe(403);
    expect(stranger.headers.get('access-control-allow-origin')).toBeNull();
    expect(
      (await preflight(production.url, SANDBOX_ORIGIN, ['authorization'])).headers.get('access-control-allow-origin'),
    ).toBeNull();
  });
});
