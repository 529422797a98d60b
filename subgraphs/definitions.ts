/**
 * Every subgraph this repository runs, by name. Partners' subgraphs normally live in their own
 * repositories; health (BPJS Kesehatan) is kept here as the worked example of a partner.
 */
import { budget } from './budget/definition';
import { health } from './health/definition';
import { membership } from './membership/definition';
import { population } from './population/definition';
import { SubgraphName } from '../contract/subgraph-names';
import { SubgraphDefinition } from './kit/subgraph';

export const definitions: Record<SubgraphName, SubgraphDefinition<any>> = { population, budget, membership, health };
