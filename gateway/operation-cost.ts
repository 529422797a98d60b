/**
 * The cost of the operation as it will run: graphql-armor's estimate at validation sees only the
 * document, so `workers(first: $b)` counted as one row whatever `$b` held, and an argument left
 * out counted as one row whatever its default. This walk uses the same formula (objects 2,
 * scalars 1, each level 1.5x, a list's `first`/`last` multiplying what it returns) with the
 * request's variable values, the variables' defaults and the schema's argument defaults.
 */
import {
  FieldNode,
  FragmentDefinitionNode,
  getNamedType,
  GraphQLCompositeType,
  GraphQLSchema,
  isCompositeType,
  isInterfaceType,
  isObjectType,
  Kind,
  OperationDefinitionNode,
  SelectionSetNode,
  ValueNode,
  DocumentNode,
} from 'graphql';

const OBJECT_COST = 2;
const SCALAR_COST = 1;
const DEPTH_FACTOR = 1.5;
const PAGE_ARGUMENTS = new Set(['first', 'last']);
/** Fragments spread inside themselves are refused by validation; this only bounds the walk. */
const MAX_FRAGMENT_DEPTH = 50;

function intOf(value: ValueNode | undefined, variables: Record<string, unknown>, variableDefaults: Map<string, ValueNode>): number | undefined {
  if (!value) return undefined;
  if (value.kind === Kind.INT) return Number.parseInt(value.value, 10);
  if (value.kind === Kind.VARIABLE) {
    const name = value.name.value;
    const given = variables[name];
    if (typeof given === 'number' && Number.isFinite(given)) return given;
    if (given === undefined) return intOf(variableDefaults.get(name), variables, variableDefaults);
  }
  return undefined;
}

export function operationCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown> = {},
): number {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  const variableDefaults = new Map<string, ValueNode>();
  for (const definition of operation.variableDefinitions ?? []) if (definition.defaultValue) variableDefaults.set(definition.variable.name.value, definition.defaultValue);

  const multiplierOf = (node: FieldNode, parent: GraphQLCompositeType | undefined): number => {
    const fieldDefinition = parent && (isObjectType(parent) || isInterfaceType(parent)) ? parent.getFields()[node.name.value] : undefined;
    let multiplier = 1;
    for (const name of PAGE_ARGUMENTS) {
      const given = node.arguments?.find((argument) => argument.name.value === name);
      const value = given
        ? intOf(given.value, variables, variableDefaults)
        : (fieldDefinition?.args.find((argument) => argument.name === name)?.defaultValue as number | undefined);
      if (typeof value === 'number' && value > multiplier) multiplier = value;
    }
    return multiplier;
  };

  const selectionCost = (set: SelectionSetNode, parent: GraphQLCompositeType | undefined, depth: number): number => {
    let total = 0;
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        if (selection.name.value.startsWith('__')) continue;
        total += DEPTH_FACTOR * fieldCost(selection, parent, depth);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const condition = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : parent;
        total += DEPTH_FACTOR * selectionCost(selection.selectionSet, isCompositeType(condition) ? condition : parent, depth + 1);
      } else {
        const fragment = fragments.get(selection.name.value);
        if (!fragment || depth > MAX_FRAGMENT_DEPTH) continue;
        const condition = schema.getType(fragment.typeCondition.name.value);
        total += DEPTH_FACTOR * selectionCost(fragment.selectionSet, isCompositeType(condition) ? condition : parent, depth + 1);
      }
    }
    return total;
  };

  const fieldCost = (node: FieldNode, parent: GraphQLCompositeType | undefined, depth: number): number => {
    if (!node.selectionSet) return SCALAR_COST;
    const fieldDefinition = parent && (isObjectType(parent) || isInterfaceType(parent)) ? parent.getFields()[node.name.value] : undefined;
    const returns = fieldDefinition ? getNamedType(fieldDefinition.type) : undefined;
    return (OBJECT_COST + selectionCost(node.selectionSet, isCompositeType(returns) ? returns : undefined, depth + 1)) * multiplierOf(node, parent);
  };

  const root = operation.operation === 'mutation' ? schema.getMutationType() : operation.operation === 'subscription' ? schema.getSubscriptionType() : schema.getQueryType();
  let total = 0;
  for (const selection of operation.selectionSet.selections) {
    // The root level counts as armor counts it: each top-level field at full weight.
    if (selection.kind === Kind.FIELD) total += selection.name.value.startsWith('__') ? 0 : fieldCost(selection, root ?? undefined, 1);
    else total += selectionCost({ kind: Kind.SELECTION_SET, selections: [selection] }, root ?? undefined, 1) / DEPTH_FACTOR;
  }
  return Math.round(total);
}
