/**
 * The operations the federation lists (schema/operations/*.graphql): the schema tools check them
 * against every change, and the gateway's metrics take their names as the only operation labels.
 */
import fs from 'node:fs';
import path from 'node:path';
import { DocumentNode, FragmentDefinitionNode, Kind, OperationDefinitionNode, parse } from 'graphql';

export interface ClientOperation {
  name: string;
  /** Where it is kept, relative to the project root. */
  file: string;
  document: DocumentNode;
}

/** Every named operation in the `.graphql` files under `directory` (folders included), each with the fragments of its file. */
export function readOperations(directory: string, root: string): ClientOperation[] {
  if (!fs.existsSync(directory)) return [];
  // Teams may keep their operations in a folder of their own (schema/operations/analysts/).
  return fs
    .readdirSync(directory, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.graphql'))
    .sort()
    .flatMap((file) => {
      const full = path.join(directory, file);
      const document = parse(fs.readFileSync(full, 'utf8'));
      const fragments = document.definitions.filter(
        (d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION,
      );
      return document.definitions
        .filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)
        .map((operation) => ({
          name: operation.name?.value ?? `(anonymous in ${file})`,
          file: path.relative(root, full),
          document: { kind: Kind.DOCUMENT, definitions: [operation, ...fragments] } as DocumentNode,
        }));
    });
}
