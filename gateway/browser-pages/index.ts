/** The bundled explorer and the city officer's dashboard, served beside the API (see browser-pages.ts). */
import type { ExplorerDefaults } from '../sandbox/sandbox';
import type { GatewayFeature } from '../server/feature';
import { browserPages } from './browser-pages';

export function createBrowserPagesFeature(
  production: boolean,
  explorer: ExplorerDefaults,
  projectRoot: string,
): GatewayFeature {
  return { name: 'browser-pages', pages: browserPages(production, explorer, projectRoot) };
}
