/**
 * Transitional: the names gateway features still import from here while they move to taking
 * their settings from startGateway's options. Settings now belong to the process that reads
 * them (gateway/server/settings.ts, subgraphs/kit/settings.ts, contract/settings.ts, built on
 * platform/settings.ts); delete this file with its last importer (test/settings.test.ts lists them).
 */
import { GatewaySettings, resolveGatewaySettings } from '../gateway/server/settings';

export type { AuthConfig, LimitsConfig, ResilienceSettings } from '../gateway/server/settings';
export { SANDBOX_ORIGIN } from '../gateway/server/settings';
export type { TrustConfig } from '../contract/settings';

/** @deprecated Take the gateway's settings from startGateway's options; gateway/index.ts resolves them once. */
export function loadConfig(env: Readonly<Record<string, string | undefined>> = process.env): GatewaySettings {
  return resolveGatewaySettings(env);
}
