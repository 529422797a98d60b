/**
 * The operations real clients send, as the frontend's persisted-query manifest lists them
 * (schema/persisted-query-manifest.json, Apollo's persisted query list format). The check and
 * compose validate each against a proposed graph, beside those in schema/operations/: a change
 * that breaks a persisted operation breaks a deployed client that cannot send anything else.
 */
import fs from 'node:fs';
import path from 'node:path';
import { DocumentNode, Kind, OperationDefinitionNode, parse } from 'graphql';
import { loadConfig } from '../subgraphs/shared/config';
import type { ClientOperation } from './client-impact';

export const MANIFEST_PATH = path.join(loadConfig().projectRoot, 'schema', 'persisted-query-manifest.json');

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
    const definitions = document.definitions.filter((d) => d.kind !== Kind.OPERATION_DEFINITION || (d as OperationDefinitionNode).name?.value === entry.name);
    return {
      name: entry.name,
      file: `${path.relative(root, file)}#${entry.id}`,
      document: { kind: Kind.DOCUMENT, definitions: definitions.length > 0 ? definitions : document.definitions } as DocumentNode,
    };
  });
}
