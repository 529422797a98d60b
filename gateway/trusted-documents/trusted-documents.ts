/**
 * Trusted documents (Apollo's persisted query lists): the operations in
 * schema/persisted-query-manifest.json, which `npm run compose` builds from schema/operations/ and
 * the example frontend. Any client may send a listed operation by its id alone
 * (`extensions.persistedQuery.sha256Hash`, as Apollo Client's persisted-query link does).
 *
 * With TRUSTED_DOCUMENTS=safelist (production) the gateway runs listed operations and nothing
 * else, as GraphOS Router's safelisting does: an unknown id is PERSISTED_QUERY_NOT_IN_LIST, a
 * full document that is not listed is QUERY_NOT_IN_SAFELIST, both HTTP 400 before anything is
 * parsed or planned, and automatic persisted queries are off so no client can register a query.
 * Without it (development), APQ works as usual beside the list.
 *
 * A listed operation runs through the whole pipeline like any other: limits, scopes, masking and
 * the read audit apply to a request by id exactly as to the full document.
 *
 * The file is watched like the supergraph (supergraph-file.ts): a new manifest is taken without a
 * restart; one that cannot be read is refused and logged, and the previous list keeps serving.
 */
import fs from 'node:fs';
import type { ApolloServerPlugin } from '@apollo/server';
import { sortTopLevelDefinitions } from '@apollo/persisted-query-lists';
import {
  DocumentNode,
  FragmentDefinitionNode,
  Kind,
  OperationDefinitionNode,
  parse,
  print,
  SelectionSetNode,
} from 'graphql';
import { LRUCache } from 'lru-cache';
import { ErrorCode } from '../../platform/errors';
import { createLogger } from '../../platform/logger';

export type TrustedDocumentsMode = 'off' | 'safelist';
export const TRUSTED_DOCUMENTS_MODES: readonly TrustedDocumentsMode[] = ['off', 'safelist'];

interface ManifestOperation {
  id: string;
  name: string;
  type: string;
  body: string;
}

export interface TrustedDocumentsEvents {
  info(message: string): void;
  error(message: string): void;
}

const gatewayLog = createLogger('gateway');
const consoleEvents: TrustedDocumentsEvents = {
  info: (message) => gatewayLog.info(message),
  error: (message) => gatewayLog.error(message),
};

/** The same document however it is spaced or ordered: the form the manifest's bodies are printed in. */
function normalised(document: string, maxTokens: number): string | undefined {
  try {
    return print(sortTopLevelDefinitions(parse(document, { maxTokens })));
  } catch {
    return undefined;
  }
}

function readManifest(file: string): ManifestOperation[] {
  const manifest = JSON.parse(fs.readFileSync(file, 'utf8')) as {
    format?: string;
    version?: number;
    operations?: ManifestOperation[];
  };
  if (
    manifest.format !== 'apollo-persisted-query-manifest' ||
    manifest.version !== 1 ||
    !Array.isArray(manifest.operations)
  ) {
    throw new Error('not a persisted query manifest (format "apollo-persisted-query-manifest", version 1)');
  }
  for (const operation of manifest.operations) {
    if (typeof operation.id !== 'string' || typeof operation.body !== 'string')
      throw new Error('every operation needs an id and a body');
    parse(operation.body);
  }
  return manifest.operations;
}

export class TrustedDocuments {
  private bodies = new Map<string, string>();
  private listed = new Set<string>();
  /** Full documents already judged, so a client repeating one is not parsed again. */
  private judged = new LRUCache<string, boolean>({ max: 1_000 });
  private watching?: () => void;
  /** Why the latest refused manifest was refused, until a good one arrives. */
  refusal?: string;
  refusals = 0;

  constructor(
    readonly path: string,
    private readonly pollMs: number,
    readonly maxTokens: number,
    private readonly events: TrustedDocumentsEvents = consoleEvents,
  ) {}

  /** Loads the manifest and watches it; a safelisting gateway does not start without one. */
  start(required: boolean): void {
    try {
      this.take(readManifest(this.path));
    } catch (error) {
      if (required)
        throw new Error(`TRUSTED_DOCUMENTS=safelist needs the manifest at ${this.path}: ${(error as Error).message}`);
      this.events.info(
        `no trusted documents loaded from ${this.path} (${(error as Error).message}); operations by id need APQ`,
      );
    }
    const onChange = () => this.reload();
    // Stat polling, as for the supergraph: it sees files replaced by rename.
    fs.watchFile(this.path, { interval: this.pollMs, persistent: false }, onChange);
    this.watching = () => fs.unwatchFile(this.path, onChange);
  }

  stop(): void {
    this.watching?.();
  }

  get size(): number {
    return this.bodies.size;
  }

  bodyOf(id: string): string | undefined {
    return this.bodies.get(id);
  }

  allows(document: string): boolean {
    if (this.listed.has(document)) return true;
    let allowed = this.judged.get(document);
    if (allowed === undefined) {
      const form = normalised(document, this.maxTokens);
      allowed = form !== undefined && this.listed.has(form);
      this.judged.set(document, allowed);
    }
    return allowed;
  }

  private take(operations: ManifestOperation[]) {
    this.bodies = new Map(operations.map((operation) => [operation.id, operation.body]));
    this.listed = new Set(operations.flatMap((operation) => [operation.body, normalised(operation.body, Infinity)!]));
    this.judged.clear();
  }

  private reload() {
    try {
      this.take(readManifest(this.path));
    } catch (error) {
      this.refusal = (error as Error).message;
      this.refusals++;
      this.events.error(`refused the new trusted documents, still serving the previous ones: ${this.refusal}`);
      return;
    }
    this.refusal = undefined;
    this.events.info(`trusted documents reloaded from ${this.path} (${this.bodies.size} operations)`);
  }
}

/**
 * A refusal is decided when the request starts, before anything is parsed; Apollo Server answers
 * an error thrown that early as a 500, so the request is emptied instead (Apollo Server then
 * answers it HTTP 400 without parsing anything) and the answer's error replaced by ours.
 */
/** Whether every operation of the document asks only for the schema (`__schema`, `__type`, `__typename`), however its fragments nest. */
export function readsOnlyTheSchema(query: string, maxTokens: number): boolean {
  let document: DocumentNode;
  try {
    document = parse(query, { maxTokens });
  } catch {
    return false;
  }
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions)
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  const seen = new Set<string>();
  const onlySchema = (selectionSet: SelectionSetNode): boolean =>
    selectionSet.selections.every((selection) => {
      if (selection.kind === Kind.FIELD) return SCHEMA_FIELDS.has(selection.name.value);
      if (selection.kind === Kind.INLINE_FRAGMENT) return onlySchema(selection.selectionSet);
      const fragment = fragments.get(selection.name.value);
      if (!fragment || seen.has(fragment.name.value)) return Boolean(fragment);
      seen.add(fragment.name.value);
      return onlySchema(fragment.selectionSet);
    });
  const operations = document.definitions.filter(
    (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
  );
  return (
    operations.length > 0 &&
    operations.every((operation) => operation.operation === 'query' && onlySchema(operation.selectionSet))
  );
}

const SCHEMA_FIELDS = new Set(['__schema', '__type', '__typename']);

interface Refusal {
  code: string;
  message: string;
  reason?: string;
}

interface SentOperation {
  query?: string;
  operationName?: string;
  extensions?: Record<string, unknown>;
}

/** Why the safelist refuses one operation as sent, if it does; nothing is changed. */
function refusalOf(
  documents: TrustedDocuments,
  mode: TrustedDocumentsMode,
  request: SentOperation,
): Refusal | undefined {
  if (mode !== 'safelist') return undefined;
  const persisted = request.extensions?.persistedQuery as { sha256Hash?: unknown } | undefined;
  const id = typeof persisted?.sha256Hash === 'string' ? persisted.sha256Hash : undefined;
  if (id !== undefined && request.query === undefined) {
    if (documents.bodyOf(id) !== undefined) return undefined;
    return {
      code: ErrorCode.PERSISTED_QUERY_NOT_IN_LIST,
      message: `No trusted operation has the id ${id.slice(0, 80)}. Production runs only the operations of the persisted query manifest: add yours to schema/operations/ and ship the new manifest.`,
    };
  }
  if (
    typeof request.query !== 'string' ||
    documents.allows(request.query) ||
    readsOnlyTheSchema(request.query, documents.maxTokens)
  )
    return undefined;
  const name = typeof request.operationName === 'string' ? ` ${request.operationName}` : '';
  return {
    code: ErrorCode.QUERY_NOT_IN_SAFELIST,
    message: `The operation${name} is not in the persisted query manifest, and production runs only listed operations. Add it to schema/operations/ (or to your client's operations) and ship the new manifest.`,
  };
}

/**
 * A batch is judged whole: one operation the safelist refuses refuses every other one in it, so a
 * listed operation never runs beside a refused one (Apollo Server runs a batch's operations apart).
 */
function batchRefusal(documents: TrustedDocuments, mode: TrustedDocumentsMode, batch: unknown): Refusal | undefined {
  if (mode !== 'safelist' || !Array.isArray(batch)) return undefined;
  const refused = batch
    .map((operation) =>
      operation && typeof operation === 'object' ? refusalOf(documents, mode, operation as SentOperation) : undefined,
    )
    .find(Boolean);
  if (!refused) return undefined;
  return {
    code: refused.code,
    message: `This batch holds an operation the safelist refuses, so none of it runs: ${refused.message}`,
    reason: 'BATCH_REFUSED',
  };
}

export function trustedDocumentsPlugin(
  documents: TrustedDocuments,
  mode: TrustedDocumentsMode,
): ApolloServerPlugin<{ batch?: unknown[] }> {
  return {
    async requestDidStart({ request, contextValue }) {
      const persisted = request.extensions?.persistedQuery as { sha256Hash?: unknown } | undefined;
      const id = typeof persisted?.sha256Hash === 'string' ? persisted.sha256Hash : undefined;
      const withoutPersistedQuery = () => {
        const { persistedQuery: _persisted, ...others } = request.extensions ?? {};
        request.extensions = others;
      };
      const refusal = refusalOf(documents, mode, request) ?? batchRefusal(documents, mode, contextValue.batch);
      if (!refusal) {
        const body = id !== undefined && request.query === undefined ? documents.bodyOf(id) : undefined;
        // The listed document stands in for the id; its hash is the id, so nothing is registered.
        // In development an unknown id falls to automatic persisted queries, which ask for the document.
        if (body !== undefined) request.query = body;
        // APQ is off in safelist mode: a listed document sent with its hash runs as a plain one.
        if (body !== undefined || (mode === 'safelist' && persisted)) withoutPersistedQuery();
        return;
      }
      request.query = undefined;
      request.extensions = {};
      return {
        async willSendResponse({ response }) {
          if (response.body.kind !== 'single') return;
          const extensions = refusal.reason ? { code: refusal.code, reason: refusal.reason } : { code: refusal.code };
          response.body.singleResult = { errors: [{ message: refusal.message, extensions }] };
          response.http.status = 400;
        },
      };
    },
  };
}
