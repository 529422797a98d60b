/**
 * Masks personal data on its way out of the gateway for callers without `personal-data:read`.
 * Fields are marked in the subgraphs with `@PersonalData(kind)`, which the supergraph carries as
 * `@tag(name: "personal-data/<kind>")`. It happens here, not in the subgraph, because a NIK is
 * also the key that joins the population office's records to the insurer's: it must travel
 * between subgraphs intact and is masked only in what the client receives.
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
import type { ApolloServerPlugin } from '@apollo/server';
import { PERSONAL_DATA_MASKS, PERSONAL_DATA_TAG, PersonalDataKind } from '../../contract/personal-data';
import { selectedFields } from '../../contract/access-rules';
import { Scope } from '../../contract/scopes';
import type { GatewayContext } from '../caller-forwarding/caller-forwarding';

const MASKS = PERSONAL_DATA_MASKS;

export function readPersonalFields(supergraphSdl: string): Map<string, PersonalDataKind> {
  const fields = new Map<string, PersonalDataKind>();
  for (const definition of parse(supergraphSdl).definitions) {
    if (definition.kind !== Kind.OBJECT_TYPE_DEFINITION && definition.kind !== Kind.INTERFACE_TYPE_DEFINITION) continue;
    for (const field of definition.fields ?? []) {
      for (const directive of field.directives ?? []) {
        const name = directive.arguments?.find((a) => a.name.value === 'name')?.value;
        if (directive.name.value !== 'tag' || name?.kind !== Kind.STRING || !name.value.startsWith(`${PERSONAL_DATA_TAG}/`)) continue;
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

export function maskResponse(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  data: Record<string, unknown>,
  personal: ReadonlyMap<string, PersonalDataKind>,
): void {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);

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
        if (kind) object[key] = maskValue(object[key], MASKS[kind]);
        const field = 'getFields' in parent ? parent.getFields()[selection.name.value] : undefined;
        const type = field && getNamedType(field.type);
        if (selection.selectionSet && type && isCompositeType(type)) walk(object[key], type, selection.selectionSet);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        if (applies(selection.typeCondition?.name.value, parent, object)) walk(object, narrow(selection.typeCondition?.name.value, parent), selection.selectionSet);
      } else {
        const fragment = fragments.get(selection.name.value);
        if (fragment && applies(fragment.typeCondition.name.value, parent, object)) walk(object, narrow(fragment.typeCondition.name.value, parent), fragment.selectionSet);
      }
    }
  };
  const narrow = (condition: string | undefined, parent: GraphQLCompositeType) => {
    const type = condition ? schema.getType(condition) : undefined;
    return type && isCompositeType(type) ? type : parent;
  };

  const root = operation.operation === 'mutation' ? schema.getMutationType() : operation.operation === 'subscription' ? schema.getSubscriptionType() : schema.getQueryType();
  if (root) walk(data, root, operation.selectionSet);
}

/** `currentPersonalFields` is `readPersonalFields` of the supergraph being served, read once per load by the gateway. */
export function personalDataMaskingPlugin(currentPersonalFields: () => ReadonlyMap<string, PersonalDataKind>): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ schema, document, operation, response, contextValue }) {
          if (contextValue.identity?.scopes.includes(Scope.PERSONAL_DATA_READ)) return;
          if (response.body.kind !== 'single' || !document || !operation) return;
          const data = response.body.singleResult.data;
          const personal = currentPersonalFields();
          // Most operations select no personal field at all: then there is nothing to walk.
          if (!data || ![...selectedFields(schema, document, operation)].some((field) => personal.has(field))) return;
          maskResponse(schema, document, operation, data, personal);
        },
      };
    },
  };
}
