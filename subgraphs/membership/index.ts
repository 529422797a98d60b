import { main } from '../kit/main';
import { membership } from './definition';

main(membership);
