/** Requests and subgraph fetches timed and counted, served at /metrics (see metrics.ts). */
import type { GatewayContext } from '../caller-forwarding/caller-forwarding';
import { TextResponse } from '../../platform/http';
import type { GatewayFeature } from '../server/feature';
import type { GatewayMetrics } from './metrics';

export function createMetricsFeature(metrics: GatewayMetrics): GatewayFeature {
  return {
    name: 'metrics',
    plugins: [metrics.plugin<GatewayContext>()],
    wrapDataSource: (source, subgraph) => metrics.timeFetches(subgraph, source),
    routes: {
      '/metrics': async () => new TextResponse(metrics.registry.contentType, await metrics.registry.metrics()),
    },
  };
}
