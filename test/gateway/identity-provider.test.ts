/**
 * In production the gateway trusts only the identity provider's published keys (JWKS): its
 * signed tokens pass, and a token signed with a shared secret, however valid it once was, does not.
 */
import http from 'node:http';
import { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { GatewayTester, startGatewayTester } from '../support/gateway-tester';
import { ALLOCATION, smallGraph } from '../support/small-graph';

type SigningKey = Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];

describe('a gateway configured with an identity provider', () => {
  let tester: GatewayTester;
  let provider: http.Server;
  let privateKey: SigningKey;
  const issuer = 'https://login.ambon.example';
  const audience = 'ambon-coverage-federation';
  let jwksRequests = 0;
  const ALLOCATION_QUERY = `{ allocation(id: "${ALLOCATION.id}") { id } }`;

  beforeAll(async () => {
    const keys = await generateKeyPair('RS256');
    privateKey = keys.privateKey;
    const jwk = { ...(await exportJWK(keys.publicKey)), kid: 'key-1', alg: 'RS256', use: 'sig' };
    provider = http.createServer((_request, response) => {
      jwksRequests++;
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ keys: [jwk] }));
    });
    await new Promise<void>((resolve) => provider.listen(0, '127.0.0.1', resolve));
    const jwksUrl = `http://127.0.0.1:${(provider.address() as AddressInfo).port}/.well-known/jwks.json`;
    tester = await startGatewayTester({ ...smallGraph(), auth: { jwksUrl, issuer, audience, hs256Secret: undefined } });
  });
  afterAll(async () => {
    await tester?.close();
    provider?.close();
  });

  const providerToken = (claims: Record<string, unknown>, key: SigningKey = privateKey) =>
    new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', kid: 'key-1' })
      .setSubject('analyst-7')
      .setIssuer(issuer)
      .setAudience(audience)
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(key);

  it("accepts the provider's token and grants the scopes of its roles", async () => {
    const response = await tester.query(
      ALLOCATION_QUERY,
      {},
      { authorization: `Bearer ${await providerToken({ roles: ['analyst'] })}` },
    );
    expect(response).toEqual({ data: { allocation: { id: ALLOCATION.id } } });
    expect(jwksRequests).toBeGreaterThan(0);
    const outside = await tester.query(
      '{ worker(nik: "8171014506880001") { nik } }',
      {},
      { authorization: `Bearer ${await providerToken({ roles: ['analyst'] })}` },
    );
    expect(outside.errors![0].extensions!.code).toBe('FORBIDDEN');
  });

  it('refuses a token signed with a key the provider does not publish, and any HS256 token', async () => {
    const stranger = (await generateKeyPair('RS256')).privateKey;
    const forged = await tester.query(
      ALLOCATION_QUERY,
      {},
      { authorization: `Bearer ${await providerToken({ roles: ['analyst'] }, stranger)}` },
    );
    expect(forged.errors![0].extensions).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'signature' });
    const shared = await tester.token({
      role: 'analyst',
      issuer,
      audience,
      secret: 'a-shared-secret-somebody-kept-from-development',
    });
    const hs256 = await tester.query(ALLOCATION_QUERY, {}, { authorization: `Bearer ${shared}` });
    expect(hs256.errors![0].extensions!.code).toBe('UNAUTHENTICATED');
  });
});
