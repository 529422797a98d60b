/** Each subgraph fetch behind a timeout, retries and a circuit breaker whose state /health/subgraphs and /metrics show (see resilience.ts). */
import type { ResilienceSettings } from '../server/settings';
import type { GatewayDeps, GatewayFeature } from '../server/feature';
import { readinessProbe } from './readiness';
import { SubgraphResilience } from './resilience';
import type { WindowTime } from '../../platform/window-time';

export function createResilienceFeature(
  settings: ResilienceSettings,
  callerTokenTtlSeconds: number,
  deps: Pick<GatewayDeps, 'logger' | 'metrics' | 'callerKeys'>,
  windowTime?: WindowTime,
): GatewayFeature & { resilience: SubgraphResilience } {
  const resilience = new SubgraphResilience(
    settings,
    (message) => deps.logger.warn(message),
    readinessProbe(deps.callerKeys.signing, callerTokenTtlSeconds),
    windowTime,
  );
  deps.metrics.observeBreakers(() => resilience.health());
  return {
    name: 'resilience',
    resilience,
    wrapDataSource: (source, subgraph) => resilience.protect(subgraph, source),
    health: () => ({ subgraphs: resilience.health() }),
    close: () => resilience.shutdown(),
  };
}
