/** One log line per request, with its operation labelled as the metrics label it (platform/request-logging.ts). */
import { requestLoggingPlugin } from '../../platform/request-logging';
import type { GatewayContext } from '../caller-forwarding/caller-forwarding';
import type { GatewayDeps, GatewayFeature } from '../server/feature';

export function createRequestLoggingFeature(deps: Pick<GatewayDeps, 'logger' | 'metrics'>): GatewayFeature {
  return {
    name: 'request-logging',
    plugins: [requestLoggingPlugin<GatewayContext>(deps.logger, 'info', deps.metrics.operationLabel)],
  };
}
