/**
 * What a schema change does to clients: the breaking and dangerous changes between two API
 * schemas (graphql-js's own rules: a removed or retyped field, an output made nullable, an
 * argument or input made required, a removed enum value...), which of the operations clients
 * send (schema/operations/*.graphql) read what changed, and which no longer validate at all.
 */
import {
  DocumentNode,
  findBreakingChanges,
  findDangerousChanges,
  getNamedType,
  GraphQLSchema,
  NoUnusedFragmentsRule,
  specifiedRules,
  TypeInfo,
  validate,
  visit,
  visitWithTypeInfo,
} from 'graphql';
import { ClientOperation } from '../../platform/graphql/operations';

export interface SchemaChange {
  type: string;
  description: string;
  /** Names of listed operations that read what changed. */
  usedBy: string[];
}

export interface BrokenOperation {
  operation: string;
  file: string;
  errors: string[];
}

export interface ClientImpact {
  breaking: SchemaChange[];
  dangerous: SchemaChange[];
  brokenOperations: BrokenOperation[];
}

/** A fragment shared in a file need not be used by every operation of it. */
const RULES = specifiedRules.filter((rule) => rule !== NoUnusedFragmentsRule);

export function validateOperation(schema: GraphQLSchema, operation: ClientOperation): string[] {
  return validate(schema, operation.document, RULES).map((error) => error.message);
}

/** Schema coordinates an operation touches: `Type`, `Type.field`, `Enum.VALUE`. */
export function coordinatesUsed(schema: GraphQLSchema, document: DocumentNode): Set<string> {
  const used = new Set<string>();
  const typeInfo = new TypeInfo(schema);
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field(node) {
        const parent = typeInfo.getParentType();
        if (parent) used.add(`${parent.name}.${node.name.value}`).add(parent.name);
        const type = typeInfo.getType();
        if (type) used.add(getNamedType(type).name);
      },
      Argument() {
        const type = typeInfo.getInputType();
        if (type) used.add(getNamedType(type).name);
      },
      VariableDefinition() {
        const type = typeInfo.getInputType();
        if (type) used.add(getNamedType(type).name);
      },
      EnumValue(node) {
        const type = typeInfo.getInputType();
        if (type) used.add(`${getNamedType(type).name}.${node.value}`);
      },
    }),
  );
  return used;
}

/** The coordinate a graphql-js change description is about (see findBreakingChanges' messages). */
function coordinateOf(description: string): string {
  const enumValue = /^(\w+) was removed from enum type (\w+)/.exec(description);
  if (enumValue) return `${enumValue[2]}.${enumValue[1]}`;
  const field = /\b([A-Za-z_]\w*)\.([A-Za-z_]\w*)\b/.exec(description);
  if (field) return `${field[1]}.${field[2]}`;
  const inputField = /on input type (\w+)/.exec(description);
  if (inputField) return inputField[1];
  return /^(\w+)/.exec(description)?.[1] ?? description;
}

function usersOf(description: string, usage: Map<string, Set<string>>): string[] {
  const coordinate = coordinateOf(description);
  const typeName = coordinate.split('.')[0];
  // A changed enum value or member matters to whoever reads that type at all.
  const typeLevel = /from enum type|from union type|no longer implements/.test(description);
  return [...usage]
    .filter(([, used]) => used.has(coordinate) || (typeLevel && used.has(typeName)))
    .map(([name]) => name);
}

export function clientImpact(
  current: GraphQLSchema,
  proposed: GraphQLSchema,
  operations: ClientOperation[],
): ClientImpact {
  const usage = new Map(operations.map((op) => [op.name, coordinatesUsed(current, op.document)]));
  const describe = (change: { type: string; description: string }) => ({
    ...change,
    usedBy: usersOf(change.description, usage),
  });
  return {
    breaking: findBreakingChanges(current, proposed).map(describe),
    dangerous: findDangerousChanges(current, proposed).map(describe),
    brokenOperations: operations
      .map((op) => ({ operation: op.name, file: op.file, errors: validateOperation(proposed, op) }))
      .filter((op) => op.errors.length > 0),
  };
}
