/**
 * Everything the gateway does to decide who sees what, assembled once: token verification into
 * the request context, operation limits (graphql-armor) and the access policy before planning,
 * masking of personal data on the way out, and the signed caller forwarded to each subgraph.
 */
import { randomUUID } from 'node:crypto';
import type http from 'node:http';
import type { ApolloServerPlugin } from '@apollo/server';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import type { ValidationRule } from 'graphql';
import type { AuthConfig, LimitsConfig, TrustConfig } from '../../platform/config';
import { CallerKeyRing, keyRingFrom } from '../../contract/caller-keys';
import { loadConfig } from '../../platform/config';
import { accessPolicyPlugin } from '../access-policy/access-policy';
import { createAuthenticator } from '../authentication/authentication';
import { CallerForwardingDataSource, GatewayContext } from '../caller-forwarding/caller-forwarding';
import { CallerFairness } from '../limits/caller-fairness';
import { operationLimitsPlugin } from '../limits/operation-limits';
import { personalDataMaskingPlugin } from '../masking/personal-data-masking';
import type { PersonalDataKind } from '../../contract/personal-data';
import { RefusalMode, refusalFilterPlugin } from '../access-policy/refusal-filter';

export interface SecurityOptions {
  auth: AuthConfig;
  trust: TrustConfig;
  limits: LimitsConfig;
  production: boolean;
  /** How a signed-in caller's denied fields are refused (see refusal-filter.ts); reject when not given. */
  refusalMode?: RefusalMode;
  /**
   * Benchmarks only: tokens are still verified and the caller still signed (the subgraphs check
   * scopes on their own), but no operation limits, access policy or masking run at the gateway,
   * so the bench can say what that layer costs.
   */
  layerOff?: boolean;
}

export interface GatewaySecurity {
  context(request: http.IncomingMessage): Promise<GatewayContext>;
  plugins: ApolloServerPlugin<GatewayContext>[];
  validationRules: ValidationRule[];
  parseOptions: { maxTokens: number };
  buildService(subgraph: { name: string; url?: string }): CallerForwardingDataSource;
  /** The key caller assertions are signed with and the keys published at /.well-known/jwks.json. */
  callerKeys: CallerKeyRing;
}

export function gatewaySecurity(
  currentSupergraph: () => string,
  currentPersonalFields: () => ReadonlyMap<string, PersonalDataKind>,
  options: SecurityOptions,
): GatewaySecurity {
  const authenticate = createAuthenticator(options.auth);
  // Whether a real signing key is required follows the process (NODE_ENV), not a test's production flag.
  const callerKeys = keyRingFrom(options.trust, loadConfig().production);
  if (!callerKeys) throw new Error('The gateway signs caller assertions: set CALLER_SIGNING_KEY (or, in development, GATEWAY_SUBGRAPH_SECRET); CALLER_PUBLIC_KEY alone is for subgraphs');
  const { limits } = options;
  const armor = new ApolloArmor({
    maxDepth: { n: limits.maxDepth },
    maxAliases: { n: limits.maxAliases },
    maxDirectives: { n: limits.maxDirectives },
    // Counted by graphql-js's own parser instead (parseOptions below): armor's count throws from
    // a plugin hook, which Apollo answers as HTTP 500 rather than a refused document.
    maxTokens: { enabled: false },
    costLimit: { maxCost: limits.maxCost },
    // Suggestions ("did you mean ...?") help developers and map the schema for attackers.
    blockFieldSuggestion: { enabled: options.production },
  }).protect();
  const fairness = new CallerFairness({
    maxConcurrent: limits.callerMaxConcurrent,
    maxInflightCost: limits.callerMaxInflightCost || limits.maxCost,
    costPerSecond: limits.callerCostPerSecond || limits.maxCost,
    maxQueued: limits.callerMaxQueued,
    maxWaitMs: limits.callerMaxWaitMs,
  });
  return {
    async context(request) {
      const header = request.headers.authorization;
      return { identity: await authenticate(Array.isArray(header) ? header[0] : header), requestId: randomUUID() };
    },
    plugins: options.layerOff
      ? []
      : [
          ...(armor.plugins as ApolloServerPlugin<GatewayContext>[]),
          options.refusalMode === 'filter' ? refusalFilterPlugin(currentSupergraph) : accessPolicyPlugin(currentSupergraph),
          operationLimitsPlugin(limits.maxCost, fairness),
          personalDataMaskingPlugin(currentPersonalFields),
        ],
    validationRules: options.layerOff ? [] : armor.validationRules,
    parseOptions: { maxTokens: limits.maxTokens },
    buildService: ({ name, url }) => new CallerForwardingDataSource(name, url ?? '', options.trust, callerKeys.signing, !options.layerOff),
    callerKeys,
  };
}
