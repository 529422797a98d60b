/**
 * `npm run -s caller-key`: prints the public key (PEM) of the caller assertions this federation's
 * gateway signs, derived from GATEWAY_SUBGRAPH_SECRET. Hand it to a partner as CALLER_PUBLIC_KEY:
 * its subgraph can then verify that a request comes from the gateway, and cannot sign one.
 */
import { callerKeyPair } from '../subgraphs/shared/caller';
import { loadConfig } from '../subgraphs/shared/config';

const { trust } = loadConfig();
if (!trust.gatewaySecret) {
  console.error('GATEWAY_SUBGRAPH_SECRET is not set here: the public key comes from the gateway that holds it.');
  process.exit(2);
}
process.stdout.write(callerKeyPair(trust.gatewaySecret).publicKey);
