/**
 * The operations frontend teams keep in schema/operations/: the check command validates them
 * against a proposed graph, and the launcher, tests and benchmarks send them, so the contract
 * queries exist in one copy only.
 */
import path from 'node:path';
import { print } from 'graphql';
import { PROJECT_ROOT } from '../../platform/settings';
import { readOperations } from '../../platform/graphql/operations';

const root = PROJECT_ROOT;
export const OPERATIONS_DIRECTORY = path.join(root, 'schema', 'operations');

/** The text of the listed operation `name` (with the fragments of its file). */
export function listedOperation(name: string): string {
  const operation = readOperations(OPERATIONS_DIRECTORY, root).find((op) => op.name === name);
  if (!operation)
    throw new Error(`No operation named ${name} is listed in ${path.relative(root, OPERATIONS_DIRECTORY)}`);
  return print(operation.document);
}
