/**
 * `npm run -s caller-key`: prints the public keys of the caller assertions this federation's
 * gateway signs, as the JWKS it serves at /.well-known/jwks.json. Hand it to a partner (or give
 * it CALLER_JWKS_URL): its subgraph can then verify that a request comes from the gateway, and
 * cannot sign one.
 *   --pem        the signing key's public half as PEM (CALLER_PUBLIC_KEY)
 *   --generate   a new private key (PEM) for CALLER_SIGNING_KEY, and its kid on stderr
 */
import { createPublicKey } from 'node:crypto';
import { generateSigningKey, keyRingFrom } from '../contract/caller-keys';
import { resolveToolSettings } from './settings';

const args = process.argv.slice(2);
if (args.includes('--generate')) {
  const key = generateSigningKey();
  process.stdout.write(key.privateKeyPem);
  console.error(
    `kid ${key.kid}: publish its public half (CALLER_PUBLISHED_KEYS) before it signs (CALLER_SIGNING_KEY).`,
  );
  process.exit(0);
}
const { trust, production } = resolveToolSettings(process.env);
const ring = keyRingFrom(trust, production);
if (!ring) {
  console.error(
    'Neither CALLER_SIGNING_KEY nor GATEWAY_SUBGRAPH_SECRET is set here: the public keys come from the gateway that holds them.',
  );
  process.exit(2);
}
if (args.includes('--pem'))
  process.stdout.write(createPublicKey(ring.signing.privateKeyPem).export({ format: 'pem', type: 'spki' }).toString());
else console.log(JSON.stringify(ring.jwks(), null, 2));
