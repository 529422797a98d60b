/**
 * Exploring the graph: who may read the schema itself, and what Apollo Sandbox (and the bundled
 * explorer) open with.
 *
 * Introspection in production is answered only to a signed-in caller holding `schema:read` (staff
 * roles have it; partners and anonymous callers never), so an analyst points Sandbox at the
 * production URL with their token and gets the docs. In development it stays open to anyone on
 * the machine: the gateway listens on 127.0.0.1, holds the fictional seed story, and the schema
 * is published in the repository anyway (schema/api.graphql); editors and codegen introspect
 * without a token.
 */
import '../../platform/no-telemetry';
import fs from 'node:fs';
import path from 'node:path';
import type { ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { BREAK, DocumentNode, visit } from 'graphql';
import type { AuthConfig } from '../server/settings';
import { forbidden, unauthenticated } from '../../platform/errors';
import { Scope } from '../../contract/scopes';
import type { GatewayContext } from '../caller-forwarding/caller-forwarding';
import { mintToken } from '../authentication/tokens';

/** The analysts' first question, opened in Sandbox and the explorer. */
export const EXAMPLE_OPERATION_FILE = path.join('schema', 'operations', 'analysts', 'a-coverage-by-area.graphql');

export interface ExplorerDefaults {
  document: string;
  headers: Record<string, string>;
  variables: Record<string, unknown>;
}

/**
 * What Sandbox and the explorer open with: the example operation and its variables, and in
 * development an analyst's development token, valid DEV_TOKEN_TTL_SECONDS from the gateway's
 * start. Production, or tokens from an identity provider (no local HS256 secret), pre-fill no
 * header. Made once at start for both pages.
 */
export async function explorerDefaults(
  production: boolean,
  auth: AuthConfig,
  projectRoot: string,
): Promise<ExplorerDefaults> {
  const document = fs.readFileSync(path.join(projectRoot, EXAMPLE_OPERATION_FILE), 'utf8');
  const headers: Record<string, string> = {};
  if (!production && auth.hs256Secret && !auth.jwksUrl)
    headers.Authorization = `Bearer ${await mintToken(auth, { role: 'analyst', subject: 'sandbox-analyst@ambon.example' })}`;
  return { document, headers, variables: { regency: '81.71', asOf: '2021-06-30' } };
}

/** Apollo's landing page: Sandbox pre-filled in development, nothing in production. */
export function landingPagePlugin(production: boolean, defaults: ExplorerDefaults): ApolloServerPlugin<GatewayContext> {
  if (production) return ApolloServerPluginLandingPageDisabled();
  return ApolloServerPluginLandingPageLocalDefault({
    embed: true,
    document: defaults.document,
    headers: defaults.headers,
    variables: defaults.variables,
  });
}

const introspects = (document: DocumentNode) => {
  let found = false;
  visit(document, {
    Field(node) {
      if (node.name.value === '__schema' || node.name.value === '__type') {
        found = true;
        return BREAK;
      }
      return undefined;
    },
  });
  return found;
};

/** In production, introspection only for a signed-in caller with `schema:read`; `__typename` stays free. */
export function schemaAccessPlugin(production: boolean): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, contextValue }) {
          if (!production || !introspects(document)) return;
          const identity = contextValue.identity;
          if (!identity)
            throw unauthenticated(
              'Reading the schema needs a signed-in caller: send "Authorization: Bearer <token>".',
              { http: { status: 401 } },
            );
          if (!identity.scopes.includes(Scope.SCHEMA_READ)) {
            throw forbidden(`Reading the schema needs the ${Scope.SCHEMA_READ} scope, which staff roles have.`, {
              http: { status: 403 },
            });
          }
        },
      };
    },
  };
}
