/**
 * What the command-line tools read (`npm run token`, `caller-key`, `compose`, `check`,
 * `registry`), resolved when a command runs, from the environment it was started with.
 */
import { resolveTrustSettings, TrustSettings } from '../contract/settings';
import { Environment, optional, resolveProcessSettings } from '../platform/settings';

export interface ToolSettings {
  production: boolean;
  /** The gateway↔subgraph trust: the tools sign as the gateway would (a subgraph's SDL, the operations token). */
  trust: TrustSettings;
  /** REGISTRY_DATABASE_URL: the schema registry's history (tools/schema/registry-store.ts); unset, schema/subgraphs.json alone. */
  registryDatabaseUrl?: string;
  /** REGISTRY_CREDENTIAL: the credential `registry publish` presents for its subgraph. */
  registryCredential?: string;
  /** Who the registry records as having published or composed (USER). */
  user?: string;
}

export function resolveToolSettings(env: Environment): ToolSettings {
  const base = resolveProcessSettings(env);
  return {
    production: base.production,
    trust: resolveTrustSettings(env, base),
    registryDatabaseUrl: optional(env, 'REGISTRY_DATABASE_URL'),
    registryCredential: env.REGISTRY_CREDENTIAL,
    user: env.USER,
  };
}
