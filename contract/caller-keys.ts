/**
 * The keys of caller assertions (see caller.ts). The gateway signs with a private Ed25519 key of
 * its own (CALLER_SIGNING_KEY) and publishes the public halves as a JWKS, every key named by its
 * `kid` (the RFC 7638 thumbprint, so a key has one name wherever it is configured). Subgraphs,
 * ours and partners', verify with public keys only, picked by `kid`: from the gateway's JWKS URL
 * (CALLER_JWKS_URL) or a configured key or key set (CALLER_PUBLIC_KEY, CALLER_JWKS_FILE).
 *
 * Rotation overlaps keys: the next key is published (CALLER_PUBLISHED_KEYS) before it signs, so
 * every subgraph already knows it when it does; the previous key stays published until the
 * assertions it signed have expired. Development without CALLER_SIGNING_KEY derives the key from
 * GATEWAY_SUBGRAPH_SECRET, so `npm start` needs no setup.
 */
import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  hkdfSync,
  KeyObject,
  webcrypto,
} from 'node:crypto';
import fs from 'node:fs';
import { createLocalJWKSet, createRemoteJWKSet } from 'jose';
import type { TrustConfig } from './settings';

/** An Ed25519 private key is its 32-byte seed behind this fixed PKCS#8 header. */
const ED25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
const keyPairs = new Map<string, { signingKey: string; publicKey: string }>();

/** The assertion key pair of a gateway<->subgraph secret, as PEM: the same secret always gives the same pair. */
export function callerKeyPair(secret: string): { signingKey: string; publicKey: string } {
  let pair = keyPairs.get(secret);
  if (!pair) {
    const seed = Buffer.from(
      hkdfSync('sha256', secret, 'ambon-coverage-federation', 'caller assertion signing key (Ed25519)', 32),
    );
    const privateKey = createPrivateKey({
      key: Buffer.concat([ED25519_PKCS8_PREFIX, seed]),
      format: 'der',
      type: 'pkcs8',
    });
    pair = {
      signingKey: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
      publicKey: createPublicKey(privateKey).export({ format: 'pem', type: 'spki' }).toString(),
    };
    keyPairs.set(secret, pair);
  }
  return pair;
}

export interface PublicJwk {
  kty: 'OKP';
  crv: 'Ed25519';
  x: string;
  kid: string;
  alg: 'EdDSA';
  use: 'sig';
}

export interface JsonWebKeySet {
  keys: PublicJwk[];
}

/** The key assertions are signed with now, and the `kid` its JWKS entry carries. */
export interface CallerSigningKey {
  kid: string;
  /** PKCS#8 PEM. */
  privateKeyPem: string;
}

const asKey = (key: KeyObject, text: string): KeyObject => {
  if (key.asymmetricKeyType !== 'ed25519')
    throw new Error(
      `caller assertion keys are Ed25519; got a ${key.asymmetricKeyType ?? key.type} key (${text.slice(0, 30)}...)`,
    );
  return key;
};

/** Environment values often carry PEM newlines as `\n`. */
const unescaped = (text: string) => text.replace(/\\n/g, '\n').trim();

/** A private key given as PEM (PKCS#8) or as a JWK (JSON with `d`). */
export function readPrivateKey(text: string): KeyObject {
  const value = unescaped(text);
  const key = value.startsWith('{')
    ? createPrivateKey({ key: JSON.parse(value), format: 'jwk' })
    : createPrivateKey(value);
  return asKey(key, value);
}

/** Public keys given as PEM blocks (one or more), a JWK, or a JWKS (`{"keys": [...]}`). */
export function readPublicKeys(text: string): KeyObject[] {
  const value = unescaped(text);
  if (!value) return [];
  if (value.startsWith('{')) {
    const parsed = JSON.parse(value) as { keys?: object[] };
    const jwks = parsed.keys ?? [parsed];
    // A private JWK pasted by mistake still yields only its public half.
    return jwks.map((jwk) =>
      asKey(createPublicKey({ key: { ...(jwk as Record<string, unknown>), d: undefined }, format: 'jwk' }), value),
    );
  }
  const blocks = value.match(/-----BEGIN [A-Z ]+-----[\s\S]+?-----END [A-Z ]+-----/g) ?? [];
  if (!blocks.length) throw new Error('expected PEM, a JWK or a JWKS');
  return blocks.map((block) => asKey(createPublicKey(block), block));
}

/** RFC 7638 thumbprint: the same key has the same `kid` wherever it is configured. */
const publicHalf = (key: KeyObject) => (key.type === 'public' ? key : createPublicKey(key));

export function keyId(key: KeyObject): string {
  const { crv, x } = publicHalf(key).export({ format: 'jwk' }) as { crv: string; x: string };
  return createHash('sha256')
    .update(JSON.stringify({ crv, kty: 'OKP', x }))
    .digest('base64url');
}

export function publicJwk(key: KeyObject): PublicJwk {
  const { x } = publicHalf(key).export({ format: 'jwk' }) as { x: string };
  return { kty: 'OKP', crv: 'Ed25519', x, kid: keyId(key), alg: 'EdDSA', use: 'sig' };
}

export function signingKeyOf(privateKey: KeyObject): CallerSigningKey {
  return { kid: keyId(privateKey), privateKeyPem: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString() };
}

const derived = new Map<string, CallerSigningKey>();
/** The development key: derived from the gateway<->subgraph secret, as before keys had settings of their own. */
export function derivedSigningKey(secret: string): CallerSigningKey {
  let key = derived.get(secret);
  if (!key) derived.set(secret, (key = signingKeyOf(createPrivateKey(callerKeyPair(secret).signingKey))));
  return key;
}

/** A fresh key pair, for `npm run caller-key -- --generate` and tests. */
export function generateSigningKey(): CallerSigningKey {
  return signingKeyOf(generateKeyPairSync('ed25519').privateKey);
}

/** The gateway's keys: the one it signs with, and every key it publishes (that one, the next, the previous). */
export class CallerKeyRing {
  readonly published: PublicJwk[];

  constructor(
    readonly signing: CallerSigningKey,
    alsoPublished: KeyObject[] = [],
  ) {
    const all = [publicJwk(createPrivateKey(signing.privateKeyPem)), ...alsoPublished.map(publicJwk)];
    this.published = all.filter((jwk, at) => all.findIndex((other) => other.kid === jwk.kid) === at);
  }

  jwks(): JsonWebKeySet {
    return { keys: this.published.map((jwk) => ({ ...jwk })) };
  }
}

/**
 * The signing key of a process that signs (the gateway; a subgraph calling others on a caller's
 * behalf): CALLER_SIGNING_KEY, or in development the key derived from the gateway secret.
 * Undefined when this process holds neither: it verifies and never signs.
 */
export function signingKeyFrom(trust: TrustConfig, production: boolean): CallerSigningKey | undefined {
  if (trust.callerSigningKey) return signingKeyOf(readPrivateKey(trust.callerSigningKey));
  if (production && trust.gatewaySecret)
    throw new Error(
      'CALLER_SIGNING_KEY must be set when NODE_ENV=production: the key caller assertions are signed with (npm run -s caller-key -- --generate)',
    );
  return trust.gatewaySecret ? derivedSigningKey(trust.gatewaySecret) : undefined;
}

export function keyRingFrom(trust: TrustConfig, production: boolean): CallerKeyRing | undefined {
  const signing = signingKeyFrom(trust, production);
  return (
    signing && new CallerKeyRing(signing, trust.callerPublishedKeys ? readPublicKeys(trust.callerPublishedKeys) : [])
  );
}

/** What a verifying subgraph holds: public keys by `kid`, never a key that signs. */
export interface CallerKeys {
  /** The public key (SPKI PEM) named `kid`; undefined when no trusted key has that name. */
  publicKeyFor(kid: string | undefined): Promise<string | undefined>;
}

type Resolver = (header: { alg: string; kid?: string }) => Promise<unknown>;

function resolvedBy(resolve: Resolver): CallerKeys {
  const pems = new Map<string, string>();
  return {
    async publicKeyFor(kid) {
      let key: unknown;
      try {
        // Only EdDSA keys are ever looked up, whatever algorithm a token claims.
        key = await resolve({ alg: 'EdDSA', kid });
      } catch {
        return undefined;
      }
      // jose hands out WebCrypto keys; fast-jwt verifies with node:crypto's.
      let object: KeyObject;
      try {
        object = key instanceof KeyObject ? key : KeyObject.from(key as webcrypto.CryptoKey);
      } catch {
        return undefined;
      }
      const id = keyId(object);
      let pem = pems.get(id);
      if (!pem) pems.set(id, (pem = object.export({ format: 'pem', type: 'spki' }).toString()));
      return pem;
    },
  };
}

/** Verifies against a fixed key set: a configured key or JWKS file. */
export function localCallerKeys(jwks: JsonWebKeySet | KeyObject[]): CallerKeys {
  const keys = Array.isArray(jwks) ? jwks.map(publicJwk) : jwks.keys;
  return resolvedBy(createLocalJWKSet({ keys: keys.map((jwk) => ({ ...jwk })) }) as Resolver);
}

export interface RemoteKeyOptions {
  /** How long a fetched key set is trusted before it is fetched again (a retired key then stops verifying). */
  cacheMaxAgeMs?: number;
  /** The least time between two fetches prompted by an unknown `kid`. */
  cooldownMs?: number;
}

/** Verifies against the gateway's published JWKS, fetched when first needed, refreshed, and fetched again for an unknown `kid`. */
export function remoteCallerKeys(url: string, options: RemoteKeyOptions = {}): CallerKeys {
  return resolvedBy(
    createRemoteJWKSet(new URL(url), {
      cacheMaxAge: options.cacheMaxAgeMs ?? 5 * 60_000,
      cooldownDuration: options.cooldownMs ?? 30_000,
    }) as Resolver,
  );
}

/**
 * How a subgraph verifies, from its settings: the gateway's JWKS URL, else the configured public
 * key(s) or JWKS file, else the keys this process itself publishes (a subgraph that also signs).
 */
export function callerKeysFrom(trust: TrustConfig, production: boolean): CallerKeys | undefined {
  if (trust.callerJwksUrl) return remoteCallerKeys(trust.callerJwksUrl);
  if (trust.callerPublicKey) return localCallerKeys(readPublicKeys(trust.callerPublicKey));
  if (trust.callerJwksFile) return localCallerKeys(readPublicKeys(fs.readFileSync(trust.callerJwksFile, 'utf8')));
  const ring = keyRingFrom(trust, production);
  return ring && localCallerKeys(ring.jwks());
}
