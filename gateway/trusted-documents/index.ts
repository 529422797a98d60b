/** Operations sent by id from the persisted query manifest, and in safelist mode nothing else. */
import type { GatewayFeature } from '../server/feature';
import type { Logger } from '../../platform/logger';
import { TrustedDocuments, TrustedDocumentsMode, trustedDocumentsPlugin } from './trusted-documents';

export interface TrustedDocumentsSettings {
  mode: TrustedDocumentsMode;
  manifestPath: string;
  /** How often the manifest file is checked for a new version. */
  pollMs: number;
  /** The parser's token limit, also for documents judged against the list. */
  maxTokens: number;
}

export function createTrustedDocumentsFeature(
  settings: TrustedDocumentsSettings,
  logger: Logger,
): GatewayFeature & { documents: TrustedDocuments } {
  const documents = new TrustedDocuments(settings.manifestPath, settings.pollMs, settings.maxTokens, {
    info: (message) => logger.info(message),
    error: (message) => logger.error(message),
  });
  const safelist = settings.mode === 'safelist';
  documents.start(safelist);
  return {
    name: 'trusted-documents',
    documents,
    plugins: [trustedDocumentsPlugin(documents, settings.mode)],
    // Safelisting leaves no way to register a query; development keeps automatic persisted queries.
    persistedQueriesOff: safelist,
    close: () => documents.stop(),
  };
}
