import { main } from '../shared/main';
import { budget } from './definition';

main(budget);
