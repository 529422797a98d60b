/**
 * A partner verifies that a request comes from the gateway with a key that cannot sign one: the
 * caller assertion is EdDSA, and a partner is given only its public key.
 */
import { createSigner } from 'fast-jwt';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { Caller, CallerClaims, callerKeyPair, operationDigest, signCaller, verifyCaller } from '../subgraphs/shared/caller';
import { PeerClient, PeerUnavailable } from '../subgraphs/shared/peer';

const secret = randomBytes(32).toString('base64url');
const { publicKey } = callerKeyPair(secret);
const digest = operationDigest('{ worker(nik: "8171056606880001") { fullName } }', {});
const claims: CallerClaims = { subject: 'petugas-01', agency: 'Dinas Sosial', roles: ['population-officer'], scopes: ['workers:read', 'personal-data:read'], villages: [], operationName: null, requestId: 'r1' };
const forged = (sign: (payload: Record<string, unknown>) => string) =>
  sign({ ...claims, sub: 'attacker', digest, jti: randomBytes(8).toString('hex'), iss: 'ambon-coverage-gateway', aud: 'population', exp: Math.floor(Date.now() / 1000) + 60 });

describe("a partner holding the gateway's public key", () => {
  it('verifies what the gateway signed', async () => {
    const assertion = await signCaller(claims, 'population', secret, 60, digest);
    const caller = await verifyCaller(assertion, 'population', publicKey, digest);
    expect(caller.claims).toMatchObject({ subject: 'petugas-01', scopes: ['workers:read', 'personal-data:read'] });
  });

  it('cannot sign with it: an HS256 token keyed with the public key is refused', async () => {
    const hmacWithPublicKey = forged(createSigner({ key: publicKey, algorithm: 'HS256' }));
    await expect(verifyCaller(hmacWithPublicKey, 'population', publicKey, digest)).rejects.toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
  });

  it('refuses an EdDSA token made with any other key', async () => {
    const other = generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    const otherKey = forged(createSigner({ key: other, algorithm: 'EdDSA' }));
    await expect(verifyCaller(otherKey, 'population', publicKey, digest)).rejects.toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
  });

  it('derives the same key pair from the same secret, and another from another secret', () => {
    expect(callerKeyPair(secret).publicKey).toBe(publicKey);
    expect(callerKeyPair(randomBytes(32).toString('base64url')).publicKey).not.toBe(publicKey);
    expect(publicKey).toMatch(/^-----BEGIN PUBLIC KEY-----/);
  });

  it('gives a verify-only subgraph no way to call another subgraph on a caller’s behalf', async () => {
    const peers = new PeerClient({ population: 'http://127.0.0.1:9/graphql' }, { secret: '', ttlSeconds: 60 }).onBehalfOf(new Caller(claims));
    await expect(peers.request('population', '{ __typename }', {})).rejects.toBeInstanceOf(PeerUnavailable);
    await expect(peers.request('population', '{ __typename }', {})).rejects.toThrow('cannot sign');
  });
});
