/**
 * How fetches travel to the subgraphs: over pooled keep-alive sockets (the sender uses `fetcher`),
 * and with each distinct entity representation sent once per fetch.
 */
import type { Fetcher } from '@apollo/utils.fetcher';
import type { GatewayTuning } from '../server/tuning';
import type { GatewayFeature } from '../server/feature';
import { deduplicatingDataSource } from './deduplicate-representations';
import { keepAliveFetcher } from './subgraph-fetcher';

export function createTransportFeature(tuning: GatewayTuning): GatewayFeature & { fetcher?: Fetcher } {
  const pooled = tuning.keepAlive ? keepAliveFetcher({ maxSockets: tuning.maxSocketsPerSubgraph }) : undefined;
  return {
    name: 'transport',
    fetcher: pooled,
    ...(tuning.deduplicateRepresentations ? { wrapDataSource: (source) => deduplicatingDataSource(source) } : {}),
    close: () => pooled?.close(),
  };
}
