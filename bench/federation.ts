/** A federation for benchmarking: each subgraph and each gateway variant in its own process. */
import path from 'node:path';
import { TuningName } from '../gateway/server/tuning';
import type { SubgraphExecutor } from '../platform/jit-executor';
import { definitions } from '../subgraphs/definitions';
import { SUBGRAPH_NAMES, SubgraphName } from '../contract/subgraph-names';
import { benchAuth, benchTrust } from './client';
import { DataSet } from './datasets';
import { launch, metrics, ServerProcess } from './processes';

/** The gateways a user would compare ours with, and ours with its security layer off. */
export const PEERS = ['ours, security layer off', 'Hive Gateway', 'Hive Gateway, Rust planner'] as const;
export type PeerName = (typeof PEERS)[number];

export interface BenchFederation {
  label: string;
  subgraphs: Record<SubgraphName, ServerProcess>;
  gateways: Partial<Record<TuningName, ServerProcess>>;
  peers: Partial<Record<PeerName, ServerProcess>>;
  /** Why a peer could not be started (it is then left out of the tables). */
  peerFailures: Partial<Record<PeerName, string>>;
  monolith?: ServerProcess;
  /** SQL statements each subgraph has sent so far. */
  statements(): Promise<Record<SubgraphName, number>>;
  processes(): ServerProcess[];
  stop(): Promise<void>;
}

const SUPERGRAPH = path.join(__dirname, '..', '..', 'schema', 'supergraph.graphql');

export async function startBenchFederation(
  data: DataSet,
  tunings: TuningName[],
  peerNames: readonly PeerName[] = [],
  options: { executor?: SubgraphExecutor; label?: string } = {},
): Promise<BenchFederation> {
  const label = options.label ?? data.label;
  const subgraphs = {} as Record<SubgraphName, ServerProcess>;
  const start = async (name: SubgraphName) => {
    // A subgraph that calls others (membership asks population and budget) learns where they answer.
    const peerUrls = Object.fromEntries((definitions[name].calls ?? []).map((peer) => [peer, subgraphs[peer].url]));
    subgraphs[name] = await launch(`${label} ${name}`, {
      role: 'subgraph',
      name,
      databaseUrl: data.urls[name],
      embeddedDir: data.embeddedDir,
      peerUrls,
      gatewaySecret: benchTrust.gatewaySecret,
      executor: options.executor,
    });
  };
  const callers = SUBGRAPH_NAMES.filter((name) => definitions[name].calls?.length);
  await Promise.all(SUBGRAPH_NAMES.filter((name) => !callers.includes(name)).map(start));
  await Promise.all(callers.map(start));
  const subgraphUrls = Object.fromEntries(SUBGRAPH_NAMES.map((name) => [name, subgraphs[name].url]));
  const gateways: Partial<Record<TuningName, ServerProcess>> = {};
  for (const tuning of tunings) {
    gateways[tuning] = await launch(`${label} gateway (${tuning})`, {
      role: 'gateway',
      tuning,
      supergraphPath: SUPERGRAPH,
      subgraphUrls,
      auth: benchAuth,
      trust: benchTrust,
    });
  }
  const peers: Partial<Record<PeerName, ServerProcess>> = {};
  const peerFailures: Partial<Record<PeerName, string>> = {};
  for (const peer of peerNames) {
    const common = { supergraphPath: SUPERGRAPH, subgraphUrls, auth: benchAuth, trust: benchTrust };
    try {
      peers[peer] = await launch(
        `${label} ${peer}`,
        peer === 'ours, security layer off'
          ? { role: 'gateway', tuning: 'tuned', securityLayerOff: true, ...common }
          : { role: 'hive', planner: peer === 'Hive Gateway' ? 'javascript' : 'rust', ...common },
      );
    } catch (error) {
      peerFailures[peer] = (error as Error).message;
    }
  }
  const monolith = data.monolithUrl
    ? await launch(`${label} monolith`, { role: 'monolith', databaseUrl: data.monolithUrl })
    : undefined;
  const processes = () => [
    ...Object.values(subgraphs),
    ...Object.values(gateways),
    ...Object.values(peers),
    ...(monolith ? [monolith] : []),
  ];
  return {
    label,
    subgraphs,
    gateways,
    peers,
    peerFailures,
    monolith,
    processes,
    async statements() {
      const counts = await Promise.all(
        SUBGRAPH_NAMES.map(async (name) => [
          name,
          (await metrics(subgraphs[name].url, benchTrust.gatewaySecret)).sqlStatements,
        ]),
      );
      return Object.fromEntries(counts) as Record<SubgraphName, number>;
    },
    async stop() {
      // Front to back, so no gateway is left calling a subgraph that has gone.
      await Promise.all(
        [...Object.values(gateways), ...Object.values(peers), ...(monolith ? [monolith] : [])].map((p) => p.stop()),
      );
      await Promise.all(Object.values(subgraphs).map((p) => p.stop()));
    },
  };
}
