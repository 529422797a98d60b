import { main } from '../shared/main';
import { health } from './definition';

main(health);
