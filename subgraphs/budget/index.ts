import { main } from '../kit/main';
import { budget } from './definition';

main(budget);
