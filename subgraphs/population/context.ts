import { SubgraphContext } from '../shared/subgraph';
import { PopulationLoaders } from './loaders';

export type PopulationContext = SubgraphContext<PopulationLoaders>;
