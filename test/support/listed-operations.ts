/**
 * Every operation clients keep under schema/operations/ (folders included), each with variables a
 * seeded federation answers, so a test can send all of them without knowing them one by one.
 */
import path from 'node:path';
import { Kind, OperationDefinitionNode, print, TypeNode } from 'graphql';
import { readOperations } from '../../platform/graphql/operations';
import { OPERATIONS_DIRECTORY } from '../../tools/schema/operations';
import { STORY_ALLOCATIONS, storyWorkers } from '../../domain/seed-story';

export interface ListedOperation {
  name: string;
  file: string;
  query: string;
  variables: Record<string, unknown>;
}

const worker = () => storyWorkers()[42];

/** Sample values by variable name: what the seed story holds. */
const BY_NAME: Record<string, () => unknown> = {
  nik: () => worker().nik,
  kpj: () => worker().kpj,
  code: () => worker().villageCode,
  villageCode: () => worker().villageCode,
  districtCode: () => worker().villageCode.split('.').slice(0, 3).join('.'),
  regencyCode: () => '81.71',
  regency: () => '81.71',
  fiscalYear: () => 2021,
  year: () => 2021,
  asOf: () => '2021-06-30',
  date: () => '2021-06-30',
  id: () => STORY_ALLOCATIONS[1].id,
  allocationId: () => STORY_ALLOCATIONS[1].id,
  first: () => 10,
};
/** ...else by type, for required variables only (optional ones are left out). */
const BY_TYPE: Record<string, unknown> = { Int: 10, Date: '2021-06-30', YearMonth: '2021-06', Boolean: true };

const namedType = (type: TypeNode): string => (type.kind === Kind.NAMED_TYPE ? type.name.value : namedType(type.type));

function sampleVariables(operation: OperationDefinitionNode, file: string): Record<string, unknown> {
  const variables: Record<string, unknown> = {};
  for (const definition of operation.variableDefinitions ?? []) {
    const name = definition.variable.name.value;
    // The operation's own default is what its client sends.
    if (definition.defaultValue) continue;
    const required = definition.type.kind === Kind.NON_NULL_TYPE;
    if (name in BY_NAME) variables[name] = BY_NAME[name]();
    else if (required && namedType(definition.type) in BY_TYPE) variables[name] = BY_TYPE[namedType(definition.type)];
    else if (required)
      throw new Error(
        `${file}: no sample value for the required variable $${name}; add one to test/support/listed-operations.ts`,
      );
  }
  return variables;
}

export function listedOperations(): ListedOperation[] {
  const root = path.dirname(path.dirname(OPERATIONS_DIRECTORY));
  return readOperations(OPERATIONS_DIRECTORY, root).flatMap(({ name, file, document }) => {
    // readOperations puts the operation first, its file's fragments after it.
    const operation = document.definitions[0] as OperationDefinitionNode;
    return operation.operation === 'query'
      ? [{ name, file, query: print(document), variables: sampleVariables(operation, file) }]
      : [];
  });
}
