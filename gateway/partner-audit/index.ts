/** Partners' reads of personal data recorded in population's read audit before the answer leaves (see partner-read-audit.ts). */
import type { GatewayDeps, GatewayFeature } from '../server/feature';
import { PartnerReadAudit } from './partner-read-audit';

export interface PartnerAuditSettings {
  /** The caller assertion's lifetime, as for every subgraph request. */
  callerTokenTtlSeconds: number;
  /** How long population may take to record the reads. */
  timeoutMs: number;
}

export function createPartnerAuditFeature(
  settings: PartnerAuditSettings,
  deps: Pick<GatewayDeps, 'callerKeys' | 'subgraphUrl'>,
): GatewayFeature {
  const audit = new PartnerReadAudit({
    url: () => deps.subgraphUrl('population'),
    signer: deps.callerKeys.signing,
    ttlSeconds: settings.callerTokenTtlSeconds,
    timeoutMs: settings.timeoutMs,
  });
  return {
    name: 'partner-audit',
    plugins: [audit.plugin()],
    wrapDataSource: (source, subgraph) => audit.wrap(subgraph, source),
    onSupergraphLoad: (loaded) => audit.update(loaded.apiSchema, loaded.personalFields),
  };
}
