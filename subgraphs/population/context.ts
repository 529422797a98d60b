import { SubgraphContext } from '../kit/subgraph';
import { PopulationLoaders } from './loaders';

export type PopulationContext = SubgraphContext<PopulationLoaders>;
