/** `@defer` and `@stream` refused with a stable code and the way around it (see defer-refusal.ts). */
import type { GatewayFeature } from '../server/feature';
import { deferRefusalPlugin } from './defer-refusal';

export function createDeferRefusalFeature(): GatewayFeature {
  return { name: 'defer-refusal', plugins: [deferRefusalPlugin()] };
}
