/**
 * The trusted documents: every operation kept in schema/operations/ (sub-folders included) and
 * every operation of the example frontend, written by `npm run compose` as
 * schema/persisted-query-manifest.json in Apollo's persisted query list format. A production
 * gateway with TRUSTED_DOCUMENTS=safelist runs these and nothing else (gateway/trusted-documents/trusted-documents.ts).
 *
 * Apollo's own generator (`@apollo/generate-persisted-query-manifest`) writes the bodies: it runs
 * each document through Apollo Client's transforms (the `__typename` the cache adds), so a body is
 * exactly what Apollo Client would send, and an id is the SHA-256 of that body, as APQ hashes it.
 * Our files may hold several operations sharing fragments, which the generator's file reader
 * refuses, so each operation is handed to it on its own, with the fragments it uses.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  fromGraphQLCodegenPersistedDocuments,
  generatePersistedQueryManifest,
  PersistedQueryManifest,
} from '@apollo/generate-persisted-query-manifest';
import { DocumentNode, FragmentDefinitionNode, Kind, OperationDefinitionNode, parse, print, visit } from 'graphql';
import { PROJECT_ROOT } from '../../platform/settings';
import { ClientOperation, readOperations } from '../../platform/graphql/operations';
import { OPERATIONS_DIRECTORY } from './operations';

const root = PROJECT_ROOT;
export const MANIFEST_PATH = path.join(root, 'schema', 'persisted-query-manifest.json');
/** The example frontend's own operations (examples/frontend), beside the listed ones. */
export const EXAMPLE_OPERATIONS_DIRECTORY = path.join(root, 'examples', 'frontend', 'src');
export const TRUSTED_OPERATION_DIRECTORIES = [OPERATIONS_DIRECTORY, EXAMPLE_OPERATIONS_DIRECTORY];

export type { PersistedQueryManifest };

/** The operation with only the fragments it reaches, so a body carries nothing unused. */
function withUsedFragments(document: DocumentNode): DocumentNode {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions)
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  const used = new Set<string>();
  const reach = (node: DocumentNode['definitions'][number]) =>
    visit(node, {
      FragmentSpread(spread) {
        const name = spread.name.value;
        if (used.has(name) || !fragments.has(name)) return;
        used.add(name);
        reach(fragments.get(name)!);
      },
    });
  const operation = document.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION)!;
  reach(operation);
  return { ...document, definitions: [operation, ...[...fragments.values()].filter((f) => used.has(f.name.value))] };
}

/** One document per operation name; the same name in two places must be the same operation. */
export function trustedOperations(directories = TRUSTED_OPERATION_DIRECTORIES): ClientOperation[] {
  const byName = new Map<string, ClientOperation>();
  for (const operation of directories.flatMap((directory) => readOperations(directory, root))) {
    if (operation.name.startsWith('(anonymous'))
      throw new Error(`Every trusted operation needs a name: ${operation.name}`);
    const document = withUsedFragments(operation.document);
    const existing = byName.get(operation.name);
    if (existing && print(existing.document) !== print(document)) {
      throw new Error(
        `Two different operations are named ${operation.name}: in ${existing.file} and in ${operation.file}`,
      );
    }
    byName.set(operation.name, existing ?? { ...operation, document });
  }
  return [...byName.values()];
}

export async function buildManifest(directories = TRUSTED_OPERATION_DIRECTORIES): Promise<PersistedQueryManifest> {
  const operations = trustedOperations(directories);
  // The generator reads custom document lists from a file shaped like graphql-codegen's persisted documents.
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'trusted-documents-'));
  const list = path.join(scratch, 'documents.json');
  try {
    fs.writeFileSync(
      list,
      JSON.stringify(Object.fromEntries(operations.map((operation) => [operation.name, print(operation.document)]))),
    );
    return await generatePersistedQueryManifest({ documents: fromGraphQLCodegenPersistedDocuments(list) }, undefined);
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

/** The manifest file's text as `npm run compose` writes it. */
export async function manifestText(directories = TRUSTED_OPERATION_DIRECTORIES): Promise<string> {
  return `${JSON.stringify(await buildManifest(directories), null, 2)}\n`;
}

/** The manifest as the check reads it back: what real clients were promised. */
interface Manifest {
  format: 'apollo-persisted-query-manifest';
  version: number;
  operations: { id: string; name: string; type: string; body: string }[];
}

/** Each operation of the manifest at `file` (none when there is no manifest); a malformed manifest is an error. */
export function readManifestOperations(file: string, root: string): ClientOperation[] {
  if (!fs.existsSync(file)) return [];
  const manifest = JSON.parse(fs.readFileSync(file, 'utf8')) as Manifest;
  if (manifest.format !== 'apollo-persisted-query-manifest' || !Array.isArray(manifest.operations)) {
    throw new Error(`${path.relative(root, file)} is not an Apollo persisted query manifest`);
  }
  return manifest.operations.map((entry) => {
    const document = parse(entry.body);
    // The body holds one operation and its fragments; keep the one the entry names.
    const definitions = document.definitions.filter(
      (d) => d.kind !== Kind.OPERATION_DEFINITION || (d as OperationDefinitionNode).name?.value === entry.name,
    );
    return {
      name: entry.name,
      file: `${path.relative(root, file)}#${entry.id}`,
      document: {
        kind: Kind.DOCUMENT,
        definitions: definitions.length > 0 ? definitions : document.definitions,
      } as DocumentNode,
    };
  });
}
