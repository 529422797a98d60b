import { main } from '../shared/main';
import { population } from './definition';

main(population);
