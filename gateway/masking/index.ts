/** Personal data masked in what a caller without `personal-data:read` receives (see personal-data-masking.ts). */
import type { PersonalDataKind } from '../../contract/personal-data';
import type { GatewayFeature } from '../server/feature';
import { personalDataMaskingPlugin } from './personal-data-masking';

export function createMaskingFeature(): GatewayFeature {
  let personalFields: ReadonlyMap<string, PersonalDataKind> = new Map();
  return {
    name: 'masking',
    plugins: [personalDataMaskingPlugin(() => personalFields)],
    onSupergraphLoad: (loaded) => {
      personalFields = loaded.personalFields;
    },
  };
}
