/**
 * Secrets, tokens and the plain POST every test sends through a gateway: shared by the seeded
 * federation (federation.ts) and the small gateway tester (gateway-tester.ts), and light enough
 * to load without any subgraph's code.
 */
import { randomBytes } from 'node:crypto';
import { CALLER_HEADER, CallerClaims, operationDigest, signCaller } from '../../contract/caller';
import { AuthConfig, resolveAuthSettings } from '../../gateway/server/settings';
import type { TrustConfig } from '../../contract/settings';

export interface GraphQLResponse<T = any> {
  data?: T;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, any> }[];
}

export async function postGraphQL<T = any>(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Promise<GraphQLResponse<T>> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as GraphQLResponse<T>;
}

const testSecret = () => randomBytes(32).toString('base64url');

/** Client-token settings with a secret of their own, so a token of one test file opens nothing in another. */
export function testAuth(overrides: Partial<AuthConfig> = {}): AuthConfig {
  return {
    ...resolveAuthSettings(process.env),
    jwksUrl: undefined,
    hs256Secret: testSecret(),
    issuer: 'ambon-coverage-test',
    audience: 'ambon-coverage-federation',
    ...overrides,
  };
}

/** A gateway<->subgraph secret of their own for the gateway and subgraphs a test starts. */
export function testTrust(): TrustConfig {
  return { gatewaySecret: testSecret(), callerTokenTtlSeconds: 60 };
}

/** The header a subgraph accepts for this one operation, signed as the gateway holding `secret` signs it. */
export async function signedCallerHeader(
  subgraph: string,
  claims: Partial<CallerClaims>,
  operation: { query: string; variables?: Record<string, unknown> },
  secret: string,
): Promise<Record<string, string>> {
  const full: CallerClaims = {
    subject: 'test',
    agency: 'test',
    roles: [],
    scopes: [],
    villages: [],
    operationName: null,
    requestId: testSecret(),
    ...claims,
  };
  return {
    [CALLER_HEADER]: await signCaller(
      full,
      subgraph,
      secret,
      60,
      operationDigest(operation.query, operation.variables ?? {}),
    ),
  };
}
