/**
 * Masking a GraphQL answer's personal data, as both sides of the federation do it: the gateway on
 * what leaves for the client (gateway/masking/), and every subgraph built on the kit on what it
 * answers (subgraphs/kit/owner-masking.ts). Both walk the answer with the operation that asked for
 * it and apply the one mask of each field's kind (PERSONAL_DATA_MASKS). Every mask is idempotent,
 * so a value the subgraph masked and the gateway masks again is the value either alone gives.
 */
import {
  DocumentNode,
  FragmentDefinitionNode,
  getNamedType,
  GraphQLCompositeType,
  GraphQLSchema,
  isAbstractType,
  isCompositeType,
  Kind,
  OperationDefinitionNode,
  parse,
  SelectionSetNode,
} from 'graphql';
import { PERSONAL_DATA_MASKS, PERSONAL_DATA_TAG, PersonalDataKind } from './personal-data';

const MASKS = PERSONAL_DATA_MASKS;

/** `Type.field` -> kind, for every field an SDL (the supergraph, or a subgraph's own) marks as personal data. */
export function readPersonalFields(sdl: string): Map<string, PersonalDataKind> {
  const fields = new Map<string, PersonalDataKind>();
  for (const definition of parse(sdl).definitions) {
    if (definition.kind !== Kind.OBJECT_TYPE_DEFINITION && definition.kind !== Kind.INTERFACE_TYPE_DEFINITION) continue;
    for (const field of definition.fields ?? []) {
      for (const directive of field.directives ?? []) {
        const name = directive.arguments?.find((a) => a.name.value === 'name')?.value;
        if (
          directive.name.value !== 'tag' ||
          name?.kind !== Kind.STRING ||
          !name.value.startsWith(`${PERSONAL_DATA_TAG}/`)
        )
          continue;
        const kind = name.value.slice(PERSONAL_DATA_TAG.length + 1) as PersonalDataKind;
        if (kind in MASKS) fields.set(`${definition.name.value}.${field.name.value}`, kind);
      }
    }
  }
  return fields;
}

function maskValue(value: unknown, mask: (value: string) => string): unknown {
  if (Array.isArray(value)) return value.map((item) => maskValue(item, mask));
  // A number or flag has no masked form that still reads as one (a claim's months of contributions): it is withheld.
  if (typeof value === 'number' || typeof value === 'boolean') return null;
  return typeof value === 'string' ? mask(value) : value;
}

/** Masks, in place, every value of `data` that `operation` selected from a field in `personal`. */
export function maskResponse(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  data: Record<string, unknown>,
  personal: ReadonlyMap<string, PersonalDataKind>,
): void {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions)
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);

  const applies = (condition: string | undefined, parent: GraphQLCompositeType, object: Record<string, unknown>) => {
    if (!condition || condition === parent.name) return true;
    const runtime = typeof object.__typename === 'string' ? object.__typename : undefined;
    // Without __typename an abstract parent's runtime type is unknown: mask as if it matched.
    return runtime ? runtime === condition : isAbstractType(schema.getType(condition)) || isAbstractType(parent);
  };

  const walk = (value: unknown, parent: GraphQLCompositeType, selectionSet: SelectionSetNode): void => {
    if (Array.isArray(value)) return value.forEach((item) => walk(item, parent, selectionSet));
    if (!value || typeof value !== 'object') return;
    const object = value as Record<string, unknown>;
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        const key = selection.alias?.value ?? selection.name.value;
        if (!(key in object) || object[key] === null) continue;
        const kind = personal.get(`${parent.name}.${selection.name.value}`);
        const field = 'getFields' in parent ? parent.getFields()[selection.name.value] : undefined;
        const type = field && getNamedType(field.type);
        if (kind) object[key] = maskValue(object[key], MASKS[kind]);
        if (selection.selectionSet && type && isCompositeType(type)) walk(object[key], type, selection.selectionSet);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        if (applies(selection.typeCondition?.name.value, parent, object))
          walk(object, narrow(selection.typeCondition?.name.value, parent), selection.selectionSet);
      } else {
        const fragment = fragments.get(selection.name.value);
        if (fragment && applies(fragment.typeCondition.name.value, parent, object))
          walk(object, narrow(fragment.typeCondition.name.value, parent), fragment.selectionSet);
      }
    }
  };
  const narrow = (condition: string | undefined, parent: GraphQLCompositeType) => {
    const type = condition ? schema.getType(condition) : undefined;
    return type && isCompositeType(type) ? type : parent;
  };

  const root = schema.getRootType(operation.operation);
  if (root) walk(data, root, operation.selectionSet);
}

/** `Type` -> the fields its `@key`s name (a nested key by its top field), from one subgraph's SDL. */
export function readKeyFields(sdl: string): Map<string, Set<string>> {
  const keys = new Map<string, Set<string>>();
  for (const definition of parse(sdl).definitions) {
    if (
      definition.kind !== Kind.OBJECT_TYPE_DEFINITION &&
      definition.kind !== Kind.OBJECT_TYPE_EXTENSION &&
      definition.kind !== Kind.INTERFACE_TYPE_DEFINITION
    )
      continue;
    for (const directive of definition.directives ?? []) {
      const fields = directive.arguments?.find((a) => a.name.value === 'fields')?.value;
      if (directive.name.value !== 'key' || fields?.kind !== Kind.STRING) continue;
      const selection = parse(`{ ${fields.value} }`).definitions[0];
      if (selection.kind !== Kind.OPERATION_DEFINITION) continue;
      const names = keys.get(definition.name.value) ?? new Set<string>();
      for (const field of selection.selectionSet.selections) if (field.kind === Kind.FIELD) names.add(field.name.value);
      keys.set(definition.name.value, names);
    }
  }
  return keys;
}

/** Whether a value is already what its mask makes of it: the masks are idempotent, a clear NIK is not its own mask. */
export function isMasked(kind: PersonalDataKind, value: unknown): boolean {
  return typeof value === 'string' && MASKS[kind](value) === value;
}
