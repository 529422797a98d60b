/**
 * In production the gateway trusts only the identity provider's published keys (JWKS): its
 * signed tokens pass, and a token signed with a shared secret, however valid it once was, does not.
 */
import http from 'node:http';
import { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';

type SigningKey = Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];
import { Federation, startFederation } from './support/federation';

describe('a gateway configured with an identity provider', () => {
  let federation: Federation;
  let provider: http.Server;
  let privateKey: SigningKey;
  const issuer = 'https://login.ambon.example';
  const audience = 'ambon-coverage-federation';
  let jwksRequests = 0;

  beforeAll(async () => {
    const keys = await generateKeyPair('RS256');
    privateKey = keys.privateKey ;
    const jwk = { ...(await exportJWK(keys.publicKey)), kid: 'key-1', alg: 'RS256', use: 'sig' };
    provider = http.createServer((_request, response) => {
      jwksRequests++;
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ keys: [jwk] }));
    });
    await new Promise<void>((resolve) => provider.listen(0, '127.0.0.1', resolve));
    const jwksUrl = `http://127.0.0.1:${(provider.address() as AddressInfo).port}/.well-known/jwks.json`;
    federation = await startFederation({ seed: false, auth: { jwksUrl, issuer, audience, hs256Secret: undefined } });
  });
  afterAll(async () => {
    await federation?.stop();
    provider?.close();
  });

  const providerToken = (claims: Record<string, unknown>, key: SigningKey = privateKey) =>
    new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: 'key-1' }).setSubject('analyst-7').setIssuer(issuer).setAudience(audience).setIssuedAt().setExpirationTime('5m').sign(key);

  it("accepts the provider's token and grants the scopes of its roles", async () => {
    const response = await federation.query('{ allocations { nodes { id } } }', {}, { authorization: `Bearer ${await providerToken({ roles: ['analyst'] })}` });
    expect(response).toEqual({ data: { allocations: { nodes: [] } } });
    expect(jwksRequests).toBeGreaterThan(0);
    const outside = await federation.query('{ personReads { nodes { nik } } }', {}, { authorization: `Bearer ${await providerToken({ roles: ['analyst'] })}` });
    expect(outside.errors![0].extensions!.code).toBe('FORBIDDEN');
  });

  it('refuses a token signed with a key the provider does not publish, and any HS256 token', async () => {
    const stranger = (await generateKeyPair('RS256')).privateKey ;
    const forged = await federation.query('{ allocations { nodes { id } } }', {}, { authorization: `Bearer ${await providerToken({ roles: ['analyst'] }, stranger)}` });
    expect(forged.errors![0].extensions).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'signature' });
    const shared = await federation.token({ role: 'analyst', issuer, audience, secret: 'a-shared-secret-somebody-kept-from-development' });
    const hs256 = await federation.query('{ allocations { nodes { id } } }', {}, { authorization: `Bearer ${shared}` });
    expect(hs256.errors![0].extensions!.code).toBe('UNAUTHENTICATED');
  });
});
