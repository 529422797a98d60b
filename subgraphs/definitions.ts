/** Every subgraph this repository runs, by name. Partners' subgraphs live in their own repositories. */
import { budget } from './budget/definition';
import { membership } from './membership/definition';
import { population } from './population/definition';
import { SubgraphName } from './shared/config';
import { SubgraphDefinition } from './shared/subgraph';

export const definitions: Record<SubgraphName, SubgraphDefinition<any>> = { population, budget, membership };
