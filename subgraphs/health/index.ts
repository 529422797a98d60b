import { main } from '../kit/main';
import { health } from './definition';

main(health);
