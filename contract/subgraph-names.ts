/** The federation's own subgraphs, by the names the supergraph, the settings and the caller assertions use. */
export const SUBGRAPH_NAMES = ['population', 'budget', 'membership', 'health'] as const;
export type SubgraphName = (typeof SUBGRAPH_NAMES)[number];
