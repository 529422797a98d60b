import { main } from '../kit/main';
import { population } from './definition';

main(population);
