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
import type { AuthConfig, LimitsConfig, TrustConfig } from '../subgraphs/shared/config';
import { accessPolicyPlugin } from './access-policy';
import { createAuthenticator } from './authentication';
import { CallerForwardingDataSource, GatewayContext } from './caller-forwarding';
import { CallerFairness } from './caller-fairness';
import { operationLimitsPlugin } from './operation-limits';
import { personalDataMaskingPlugin } from './personal-data-masking';
import { RefusalMode, refusalFilterPlugin } from './refusal-filter';

export interface SecurityOptions {
  auth: AuthConfig;
  trust: TrustConfig;
  limits: LimitsConfig;
  production: boolean;
  /** How a signed-in caller's denied fields are refused (see refusal-filter.ts); reject when not given. */
  refusalMode?: RefusalMode;
}

export interface GatewaySecurity {
  context(request: http.IncomingMessage): Promise<GatewayContext>;
  plugins: ApolloServerPlugin<GatewayContext>[];
  validationRules: ValidationRule[];
  buildService(subgraph: { name: string; url?: string }): CallerForwardingDataSource;
}

export function gatewaySecurity(currentSupergraph: () => string, options: SecurityOptions): GatewaySecurity {
  const authenticate = createAuthenticator(options.auth);
  const { limits } = options;
  const armor = new ApolloArmor({
    maxDepth: { n: limits.maxDepth },
    maxAliases: { n: limits.maxAliases },
    maxDirectives: { n: limits.maxDirectives },
    maxTokens: { n: limits.maxTokens },
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
    plugins: [
      ...(armor.plugins as ApolloServerPlugin<GatewayContext>[]),
      options.refusalMode === 'filter' ? refusalFilterPlugin(currentSupergraph) : accessPolicyPlugin(currentSupergraph),
      operationLimitsPlugin(limits.maxCost, fairness),
      personalDataMaskingPlugin(currentSupergraph),
    ],
    validationRules: armor.validationRules,
    buildService: ({ name, url }) => new CallerForwardingDataSource(name, url ?? '', options.trust),
  };
}
