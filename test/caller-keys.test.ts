/**
 * A partner verifies that a request comes from the gateway with a key that cannot sign one: the
 * caller assertion is EdDSA, and a partner is given only its public key.
 */
import { createDecoder, createSigner } from 'fast-jwt';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import { createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes } from 'node:crypto';
import {
  CallerKeyRing,
  generateSigningKey,
  keyId,
  localCallerKeys,
  readPrivateKey,
  readPublicKeys,
  remoteCallerKeys,
} from '../contract/caller-keys';
import { inProcessReplayGuard } from '../contract/replay-guard';
import { Caller, CallerClaims, callerKeyPair, operationDigest, signCaller, verifyCaller } from '../contract/caller';
import { PeerClient, PeerUnavailable } from '../subgraphs/kit/peer';

const decode = createDecoder({ complete: true });
const secret = randomBytes(32).toString('base64url');
const { publicKey } = callerKeyPair(secret);
const digest = operationDigest('{ worker(nik: "8171056606880001") { fullName } }', {});
const claims: CallerClaims = {
  subject: 'petugas-01',
  agency: 'Dinas Sosial',
  roles: ['population-officer'],
  scopes: ['workers:read', 'personal-data:read'],
  villages: [],
  operationName: null,
  requestId: 'r1',
};
const forged = (sign: (payload: Record<string, unknown>) => string) =>
  sign({
    ...claims,
    sub: 'attacker',
    digest,
    jti: randomBytes(8).toString('hex'),
    iss: 'ambon-coverage-gateway',
    aud: 'population',
    exp: Math.floor(Date.now() / 1000) + 60,
  });

describe("a partner holding the gateway's public key", () => {
  it('verifies what the gateway signed', async () => {
    const assertion = await signCaller(claims, 'population', secret, 60, digest);
    const caller = await verifyCaller(assertion, 'population', publicKey, digest);
    expect(caller.claims).toMatchObject({ subject: 'petugas-01', scopes: ['workers:read', 'personal-data:read'] });
  });

  it('cannot sign with it: an HS256 token keyed with the public key is refused', async () => {
    const hmacWithPublicKey = forged(createSigner({ key: publicKey, algorithm: 'HS256' }));
    await expect(verifyCaller(hmacWithPublicKey, 'population', publicKey, digest)).rejects.toMatchObject({
      extensions: { code: 'UNAUTHENTICATED' },
    });
  });

  it('refuses an EdDSA token made with any other key', async () => {
    const other = generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    const otherKey = forged(createSigner({ key: other, algorithm: 'EdDSA' }));
    await expect(verifyCaller(otherKey, 'population', publicKey, digest)).rejects.toMatchObject({
      extensions: { code: 'UNAUTHENTICATED' },
    });
  });

  it('derives the same key pair from the same secret, and another from another secret', () => {
    expect(callerKeyPair(secret).publicKey).toBe(publicKey);
    expect(callerKeyPair(randomBytes(32).toString('base64url')).publicKey).not.toBe(publicKey);
    expect(publicKey).toMatch(/^-----BEGIN PUBLIC KEY-----/);
  });

  it('gives a verify-only subgraph no way to call another subgraph on a caller’s behalf', async () => {
    const peers = new PeerClient({ population: 'http://127.0.0.1:9/graphql' }, { ttlSeconds: 60 }).onBehalfOf(
      new Caller(claims),
    );
    await expect(peers.request('population', '{ __typename }', {})).rejects.toBeInstanceOf(PeerUnavailable);
    await expect(peers.request('population', '{ __typename }', {})).rejects.toThrow('cannot sign');
  });
});

describe('the gateway signs with a key of its own and publishes only public keys, by kid', () => {
  const gateway = new CallerKeyRing(generateSigningKey());
  const populationDigest = operationDigest('{ worker(nik: "8171056606880001") { fullName birthDate } }', {});
  const partnerAudience = 'social-assistance';

  it('a subgraph verifies by kid from the published JWKS', async () => {
    const assertion = await signCaller(claims, 'population', gateway.signing, 60, populationDigest);
    expect(decode(assertion).header).toMatchObject({ alg: 'EdDSA', kid: gateway.signing.kid });
    expect(gateway.jwks().keys).toEqual([
      expect.objectContaining({ kid: gateway.signing.kid, kty: 'OKP', crv: 'Ed25519' }),
    ]);
    expect(gateway.jwks().keys[0]).not.toHaveProperty('d');
    const caller = await verifyCaller(assertion, 'population', localCallerKeys(gateway.jwks()), populationDigest);
    expect(caller.claims.subject).toBe('petugas-01');
  });

  it('holding what a partner holds (the JWKS, assertions addressed to itself) produces nothing population accepts', async () => {
    const population = localCallerKeys(gateway.jwks());
    const jwks = gateway.jwks();
    const own = await signCaller(claims, partnerAudience, gateway.signing, 60, populationDigest);
    const attacker = generateKeyPairSync('ed25519');
    const attackerJwk = {
      ...(attacker.publicKey.export({ format: 'jwk' }) as Record<string, unknown>),
      kid: gateway.signing.kid,
    };
    const payload = {
      ...claims,
      sub: 'attacker',
      digest: populationDigest,
      iss: 'ambon-coverage-gateway',
      aud: 'population',
      exp: Math.floor(Date.now() / 1000) + 60,
    };
    const attempts: Record<string, string> = {
      'its own assertion, sent to population': own,
      'HS256 keyed with the published x': createSigner({
        key: Buffer.from(jwks.keys[0].x, 'base64url').toString('latin1'),
        algorithm: 'HS256',
      })({ ...payload, jti: 'a' }),
      'HS256 keyed with the JWKS text': createSigner({ key: JSON.stringify(jwks), algorithm: 'HS256' })({
        ...payload,
        jti: 'b',
      }),
      'alg none': `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT', kid: gateway.signing.kid })).toString('base64url')}.${Buffer.from(JSON.stringify({ ...payload, jti: 'c' })).toString('base64url')}.`,
      "its own key under the gateway's kid": createSigner({
        key: attacker.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
        algorithm: 'EdDSA',
        kid: gateway.signing.kid,
      })({ ...payload, jti: 'd' }),
      'its own key embedded in the header (jwk)': createSigner({
        key: attacker.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
        algorithm: 'EdDSA',
        header: { alg: 'EdDSA', jwk: attackerJwk },
      })({ ...payload, jti: 'e' }),
      'its own key set named in the header (jku)': createSigner({
        key: attacker.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
        algorithm: 'EdDSA',
        header: { alg: 'EdDSA', jku: 'http://127.0.0.1:9/jwks.json' },
      })({ ...payload, jti: 'f' }),
    };
    for (const [attempt, token] of Object.entries(attempts)) {
      await expect(
        verifyCaller(token, 'population', population, populationDigest).then(() => `${attempt}: accepted`),
      ).rejects.toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
    }
    // The partner's own audience accepts what the gateway addressed to it, once.
    const replays = inProcessReplayGuard();
    await expect(verifyCaller(own, partnerAudience, population, populationDigest, replays)).resolves.toBeInstanceOf(
      Caller,
    );
    await expect(verifyCaller(own, partnerAudience, population, populationDigest, replays)).rejects.toMatchObject({
      extensions: { reason: 'replayed' },
    });
  });

  it('reads keys as PEM, JWK or JWKS, and names each by its thumbprint', () => {
    const key = generateSigningKey();
    const pem = createPublicKey(key.privateKeyPem).export({ format: 'pem', type: 'spki' }).toString();
    const jwk = createPublicKey(key.privateKeyPem).export({ format: 'jwk' });
    for (const text of [pem, JSON.stringify(jwk), JSON.stringify({ keys: [jwk] }), pem.replace(/\n/g, '\\n')])
      expect(readPublicKeys(text).map(keyId)).toEqual([key.kid]);
    expect(keyId(readPrivateKey(key.privateKeyPem))).toBe(key.kid);
    expect(keyId(readPrivateKey(JSON.stringify(createPrivateKey(key.privateKeyPem).export({ format: 'jwk' }))))).toBe(
      key.kid,
    );
    expect(() =>
      readPrivateKey(
        generateKeyPairSync('ec', { namedCurve: 'P-256' })
          .privateKey.export({ format: 'pem', type: 'pkcs8' })
          .toString(),
      ),
    ).toThrow('Ed25519');
  });
});

describe('rotating the signing key with overlapping keys', () => {
  const first = generateSigningKey();
  const next = generateSigningKey();
  const digest1 = operationDigest('{ __typename }', {});
  let published: CallerKeyRing;
  let fetches = 0;
  let server: http.Server;
  let url: string;

  beforeAll(async () => {
    server = http.createServer((_, response) => {
      fetches++;
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(published.jwks()));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/.well-known/jwks.json`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  it('the next key is published before it signs, and the old one stays until its assertions expire', async () => {
    const pub = (key: typeof first) => createPrivateKey(key.privateKeyPem);
    // Step 1: the first key signs; the next is already published.
    published = new CallerKeyRing(first, [pub(next)]);
    const subgraph = remoteCallerKeys(url);
    const before = await signCaller(claims, 'population', first, 60, digest1);
    await expect(verifyCaller(before, 'population', subgraph, digest1)).resolves.toBeInstanceOf(Caller);
    expect(fetches).toBe(1);

    // Step 2: the next key signs; the first stays published. The subgraph knew the next key
    // already, so it verifies without fetching again, and an assertion signed before still verifies.
    published = new CallerKeyRing(next, [pub(first)]);
    const after = await signCaller(claims, 'population', next, 60, digest1);
    await expect(verifyCaller(after, 'population', subgraph, digest1)).resolves.toBeInstanceOf(Caller);
    await expect(verifyCaller(before, 'population', subgraph, digest1)).resolves.toBeInstanceOf(Caller);
    expect(fetches).toBe(1);

    // Step 3: the first key is withdrawn; once a subgraph's copy of the set is refreshed, it verifies nothing more.
    published = new CallerKeyRing(next);
    const refreshing = remoteCallerKeys(url, { cacheMaxAgeMs: 0 });
    await expect(verifyCaller(after, 'population', refreshing, digest1)).resolves.toBeInstanceOf(Caller);
    await expect(verifyCaller(before, 'population', refreshing, digest1)).rejects.toMatchObject({
      extensions: { code: 'UNAUTHENTICATED' },
    });
  });

  it('a key that signs before it was published is refused by a subgraph that fetched the set moments ago', async () => {
    const unannounced = generateSigningKey();
    published = new CallerKeyRing(first);
    const subgraph = remoteCallerKeys(url);
    await expect(
      verifyCaller(await signCaller(claims, 'population', first, 60, digest1), 'population', subgraph, digest1),
    ).resolves.toBeInstanceOf(Caller);
    published = new CallerKeyRing(unannounced, [createPrivateKey(first.privateKeyPem)]);
    await expect(
      verifyCaller(await signCaller(claims, 'population', unannounced, 60, digest1), 'population', subgraph, digest1),
    ).rejects.toMatchObject({
      extensions: { code: 'UNAUTHENTICATED' },
    });
  });
});
