import { main } from '../shared/main';
import { membership } from './definition';

main(membership);
