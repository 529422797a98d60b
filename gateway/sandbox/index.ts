/** Apollo's landing page (Sandbox in development) and who may read the schema itself. */
import type { GatewayFeature } from '../server/feature';
import { ExplorerDefaults, landingPagePlugin, schemaAccessPlugin } from './sandbox';

export function createSandboxFeature(production: boolean, explorer: ExplorerDefaults): GatewayFeature {
  return { name: 'sandbox', plugins: [landingPagePlugin(production, explorer), schemaAccessPlugin(production)] };
}
