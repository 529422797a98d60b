/** Who is calling: the bearer token verified into the request's identity (null without a token). */
import type { AuthConfig } from '../server/settings';
import type { GatewayFeature } from '../server/feature';
import { createAuthenticator } from './authentication';

export function createAuthenticationFeature(auth: AuthConfig): GatewayFeature {
  const authenticate = createAuthenticator(auth);
  return {
    name: 'authentication',
    async context(request) {
      const header = request.headers.authorization;
      return { identity: await authenticate(Array.isArray(header) ? header[0] : header) };
    },
  };
}
