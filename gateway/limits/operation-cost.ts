/**
 * The cost of the operation as it will run: graphql-armor's estimate at validation sees only the
 * document, so `workers(first: $b)` counted as one row whatever `$b` held, and an argument left
 * out counted as one row whatever its default. This walk uses the same formula (objects 2,
 * scalars 1, each level 1.5x, a list's `first`/`last` multiplying what it returns) with the
 * request's variable values, the variables' defaults and the schema's argument defaults.
 *
 * A list that is not paged multiplies what it returns by its declared bound (UNPAGED_LIST_BOUNDS):
 * counted as one row, `regency { districts { villages { workers(first: 1000) } } }` cost a few
 * thousand and returned every worker of a city, while the same through a paged `villages(first:
 * 50)` was refused. A bound may also cap a list's items in total under an enclosing list (a
 * regency's villages across its districts), so ordinary region trees stay affordable.
 */
import {
  FieldNode,
  FragmentDefinitionNode,
  getNamedType,
  GraphQLCompositeType,
  GraphQLSchema,
  getNullableType,
  isCompositeType,
  isListType,
  isInterfaceType,
  isObjectType,
  Kind,
  OperationDefinitionNode,
  SelectionSetNode,
  ValueNode,
  DocumentNode,
} from 'graphql';
import { REGION_BOUNDS } from '../../domain/region-data';

const OBJECT_COST = 2;
const SCALAR_COST = 1;
const DEPTH_FACTOR = 1.5;
const PAGE_ARGUMENTS = new Set(['first', 'last']);
/** How many items an unpaged list returns per parent, at most; and at most in total under an enclosing list (by coordinate). */
export interface ListBound {
  perParent: number;
  totalUnder?: Record<string, number>;
}

export const UNPAGED_LIST_BOUNDS: Readonly<Record<string, ListBound>> = {
  'Regency.districts': { perParent: REGION_BOUNDS.districtsPerRegency },
  'District.villages': {
    perParent: REGION_BOUNDS.villagesPerDistrict,
    totalUnder: { 'Regency.districts': REGION_BOUNDS.villagesPerRegency },
  },
};

/** The lists enclosing a field: each one's coordinate and how many items it and the lists below it multiply to. */
type Enclosing = readonly { coordinate: string; items: number }[];

/** Fragments spread inside themselves are refused by validation; this only bounds the walk. */
const MAX_FRAGMENT_DEPTH = 50;

function intOf(
  value: ValueNode | undefined,
  variables: Record<string, unknown>,
  variableDefaults: Map<string, ValueNode>,
): number | undefined {
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
  listBounds: Readonly<Record<string, ListBound>> = UNPAGED_LIST_BOUNDS,
): number {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions)
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  const variableDefaults = new Map<string, ValueNode>();
  for (const definition of operation.variableDefinitions ?? [])
    if (definition.defaultValue) variableDefaults.set(definition.variable.name.value, definition.defaultValue);

  const unpagedMultiplier = (coordinate: string, enclosing: Enclosing): number => {
    const bound = listBounds[coordinate];
    if (!bound) return 1;
    let multiplier = bound.perParent;
    for (const [ancestor, total] of Object.entries(bound.totalUnder ?? {})) {
      const outer = enclosing.find((list) => list.coordinate === ancestor);
      if (outer) multiplier = Math.min(multiplier, total / outer.items);
    }
    return multiplier;
  };

  const multiplierOf = (node: FieldNode, parent: GraphQLCompositeType | undefined, enclosing: Enclosing): number => {
    const fieldDefinition =
      parent && (isObjectType(parent) || isInterfaceType(parent)) ? parent.getFields()[node.name.value] : undefined;
    const paged = fieldDefinition?.args.some((argument) => PAGE_ARGUMENTS.has(argument.name));
    if (fieldDefinition && !paged && isListType(getNullableType(fieldDefinition.type)))
      return unpagedMultiplier(`${parent!.name}.${node.name.value}`, enclosing);
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

  const selectionCost = (
    set: SelectionSetNode,
    parent: GraphQLCompositeType | undefined,
    depth: number,
    enclosing: Enclosing,
  ): number => {
    let total = 0;
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        if (selection.name.value.startsWith('__')) continue;
        total += DEPTH_FACTOR * fieldCost(selection, parent, depth, enclosing);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const condition = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : parent;
        total +=
          DEPTH_FACTOR *
          selectionCost(selection.selectionSet, isCompositeType(condition) ? condition : parent, depth + 1, enclosing);
      } else {
        const fragment = fragments.get(selection.name.value);
        if (!fragment || depth > MAX_FRAGMENT_DEPTH) continue;
        const condition = schema.getType(fragment.typeCondition.name.value);
        total +=
          DEPTH_FACTOR *
          selectionCost(fragment.selectionSet, isCompositeType(condition) ? condition : parent, depth + 1, enclosing);
      }
    }
    return total;
  };

  const fieldCost = (
    node: FieldNode,
    parent: GraphQLCompositeType | undefined,
    depth: number,
    enclosing: Enclosing,
  ): number => {
    if (!node.selectionSet) return SCALAR_COST;
    const fieldDefinition =
      parent && (isObjectType(parent) || isInterfaceType(parent)) ? parent.getFields()[node.name.value] : undefined;
    const returns = fieldDefinition ? getNamedType(fieldDefinition.type) : undefined;
    const multiplier = multiplierOf(node, parent, enclosing);
    const inside: Enclosing = [
      ...enclosing.map((list) => ({ ...list, items: list.items * multiplier })),
      { coordinate: `${parent?.name}.${node.name.value}`, items: multiplier },
    ];
    return (
      (OBJECT_COST +
        selectionCost(node.selectionSet, isCompositeType(returns) ? returns : undefined, depth + 1, inside)) *
      multiplier
    );
  };

  const root = schema.getRootType(operation.operation);
  let total = 0;
  for (const selection of operation.selectionSet.selections) {
    // The root level counts as armor counts it: each top-level field at full weight.
    if (selection.kind === Kind.FIELD)
      total += selection.name.value.startsWith('__') ? 0 : fieldCost(selection, root ?? undefined, 1, []);
    else
      total +=
        selectionCost({ kind: Kind.SELECTION_SET, selections: [selection] }, root ?? undefined, 1, []) / DEPTH_FACTOR;
  }
  return Math.round(total);
}
