/**
 * "Filter" refusals, as Apollo Router's authorization does them: the fields a signed-in caller may
 * not read are taken out of the operation before it is planned, so no subgraph is asked for them;
 * the rest runs, and each removed field comes back as `null` with a FORBIDDEN error at its path
 * (HTTP 200). A UI then shows what it may and marks what it may not, instead of losing the screen.
 *
 * A removed non-null field nulls its nearest nullable parent, as any field error would. A
 * selection left empty by the removal keeps a placeholder `__typename`, dropped again from the
 * answer. Denial is by `Type.field`, as the schema declares scopes, so fragments are filtered too.
 */
import { createHash } from 'node:crypto';
import {
  DocumentNode,
  FieldNode,
  FragmentDefinitionNode,
  getNamedType,
  getNullableType,
  GraphQLCompositeType,
  GraphQLFormattedError,
  GraphQLOutputType,
  GraphQLSchema,
  isCompositeType,
  isListType,
  isNonNullType,
  Kind,
  OperationDefinitionNode,
  print,
  SelectionSetNode,
  TypeInfo,
  visit,
  visitWithTypeInfo,
} from 'graphql';
import type { ApolloServerPlugin } from '@apollo/server';
import { Denial, denials, FieldRule, refusal, selectedFields } from '../../contract/access-rules';
import { ErrorCode } from '../../platform/errors';
import type { GatewayContext } from '../caller-forwarding/caller-forwarding';

/** `filter`: denied fields are answered null with FORBIDDEN (HTTP 200). `reject`: one denied field refuses the whole operation (HTTP 403). */
export type RefusalMode = 'filter' | 'reject';
export const REFUSAL_MODES: readonly RefusalMode[] = ['filter', 'reject'];

/** The alias of the placeholder that keeps an emptied selection set valid. */
const PLACEHOLDER = '_refusedSelectionPlaceholder';
const placeholder: FieldNode = {
  kind: Kind.FIELD,
  alias: { kind: Kind.NAME, value: PLACEHOLDER },
  name: { kind: Kind.NAME, value: '__typename' },
};

export interface FilteredOperation {
  document: DocumentNode;
  operation: OperationDefinitionNode;
  /** Stands in for the query hash, so the filtered operation gets a query plan of its own. */
  queryHash: string;
}

/** Operations repeat (the document store hands back the same nodes): filter each once per set of denied fields. */
const filteredByOperation = new WeakMap<OperationDefinitionNode, Map<string, FilteredOperation>>();

export function filterOperation(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  denied: ReadonlySet<string>,
): FilteredOperation {
  const key = [...denied].sort().join(',');
  let byDenials = filteredByOperation.get(operation);
  if (!byDenials) filteredByOperation.set(operation, (byDenials = new Map()));
  let filtered = byDenials.get(key);
  if (!filtered) byDenials.set(key, (filtered = removeFields(schema, document, operation, denied)));
  return filtered;
}

function removeFields(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  denied: ReadonlySet<string>,
): FilteredOperation {
  const typeInfo = new TypeInfo(schema);
  const kept = visit(
    // Only the operation being run and the fragments: other operations of the document are not planned.
    {
      ...document,
      definitions: document.definitions.filter((d) => d === operation || d.kind === Kind.FRAGMENT_DEFINITION),
    },
    visitWithTypeInfo(typeInfo, {
      Field(field) {
        const parent = typeInfo.getParentType();
        if (parent && denied.has(`${parent.name}.${field.name.value}`)) return null;
        return undefined;
      },
      SelectionSet: {
        leave(selectionSet) {
          return selectionSet.selections.length ? undefined : { ...selectionSet, selections: [placeholder] };
        },
      },
    }),
  );
  const filteredOperation = kept.definitions.find(
    (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
  )!;
  return {
    document: kept,
    operation: filteredOperation,
    queryHash: createHash('sha256').update(print(kept)).digest('hex'),
  };
}

function forbiddenError(denial: Denial, path: (string | number)[]): GraphQLFormattedError {
  const needs = denial.needs ? ` It needs ${denial.needs.map((all) => all.join(' and ')).join(' or ')}.` : '';
  // deniedFields as in a whole-operation refusal, so a client reads both modes alike.
  return {
    message: `You may not read ${denial.field}.${needs}`,
    path,
    extensions: { code: ErrorCode.FORBIDDEN, deniedFields: [denial.field] },
  };
}

/**
 * Puts the removed fields back into `data` as nulls, following the operation as the client sent
 * it, and returns one FORBIDDEN error per field occurrence. Returns `null` data when a removed
 * non-null field reaches the root.
 */
export function restoreRefusedFields(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  data: Record<string, unknown>,
  denials: ReadonlyMap<string, Denial>,
): { data: Record<string, unknown> | null; errors: GraphQLFormattedError[] } {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions)
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  const errors: GraphQLFormattedError[] = [];
  // A field selected twice (directly and through a fragment) is one refusal.
  const reported = new Set<string>();
  const NULL_PARENT = Symbol('null parent');

  const typeOf = (name: string | undefined, fallback: GraphQLCompositeType): GraphQLCompositeType => {
    const type = name ? schema.getType(name) : undefined;
    return type && isCompositeType(type) ? type : fallback;
  };

  /** The fields of `selectionSet` that apply to `object`, with the type each was selected on. */
  const collect = (
    parent: GraphQLCompositeType,
    selectionSet: SelectionSetNode,
    object: Record<string, unknown>,
    into: { field: FieldNode; parent: GraphQLCompositeType }[],
  ) => {
    const runtime = typeof object.__typename === 'string' ? object.__typename : undefined;
    const applies = (condition: string | undefined) =>
      !condition || condition === parent.name || !runtime || runtime === condition;
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) into.push({ field: selection, parent });
      else if (selection.kind === Kind.INLINE_FRAGMENT) {
        if (applies(selection.typeCondition?.name.value))
          collect(typeOf(selection.typeCondition?.name.value, parent), selection.selectionSet, object, into);
      } else {
        const fragment = fragments.get(selection.name.value);
        if (fragment && applies(fragment.typeCondition.name.value))
          collect(typeOf(fragment.typeCondition.name.value, parent), fragment.selectionSet, object, into);
      }
    }
  };

  /** Walks one value of `type`; returns NULL_PARENT when a non-null null must spread upwards. */
  const walkValue = (
    value: unknown,
    type: GraphQLOutputType,
    selectionSet: SelectionSetNode | undefined,
    path: (string | number)[],
  ): unknown => {
    if (value === null || value === undefined || !selectionSet) return value;
    const nullable = getNullableType(type);
    if (isListType(nullable)) {
      const items = value as unknown[];
      for (let i = 0; i < items.length; i++) {
        const item = walkValue(items[i], nullable.ofType, selectionSet, [...path, i]);
        if (item === NULL_PARENT) {
          if (isNonNullType(nullable.ofType)) return NULL_PARENT;
          items[i] = null;
        }
      }
      return value;
    }
    const named = getNamedType(nullable);
    if (!isCompositeType(named)) return value;
    return walkObject(value as Record<string, unknown>, named, selectionSet, path);
  };

  const walkObject = (
    object: Record<string, unknown>,
    type: GraphQLCompositeType,
    selectionSet: SelectionSetNode,
    path: (string | number)[],
  ): unknown => {
    const selected: { field: FieldNode; parent: GraphQLCompositeType }[] = [];
    collect(type, selectionSet, object, selected);
    delete object[PLACEHOLDER];
    let nullMe = false;
    for (const { field, parent } of selected) {
      const key = field.alias?.value ?? field.name.value;
      const definition = 'getFields' in parent ? parent.getFields()[field.name.value] : undefined;
      if (!definition) continue;
      const denial = denials.get(`${parent.name}.${field.name.value}`);
      if (denial) {
        const at = [...path, key];
        if (!reported.has(at.join('.'))) errors.push(forbiddenError(denial, at));
        reported.add(at.join('.'));
        object[key] = null;
        if (isNonNullType(definition.type)) nullMe = true;
        continue;
      }
      if (!(key in object)) continue;
      const walked = walkValue(object[key], definition.type, field.selectionSet, [...path, key]);
      if (walked === NULL_PARENT) {
        if (isNonNullType(definition.type)) nullMe = true;
        else object[key] = null;
      }
    }
    return nullMe ? NULL_PARENT : object;
  };

  const root = schema.getRootType(operation.operation);
  if (!root) return { data, errors };
  const walked = walkObject(data, root, operation.selectionSet, []);
  return { data: walked === NULL_PARENT ? null : data, errors };
}

/**
 * The gateway's access policy in filter mode (see access-policy.ts for reject mode): a caller
 * without a token is still refused whole (HTTP 401); a signed-in caller's denied fields are
 * filtered out before planning and answered as FORBIDDEN nulls.
 */
export function refusalFilterPlugin(currentRules: () => Map<string, FieldRule>): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      let refused:
        { document: DocumentNode; operation: OperationDefinitionNode; denials: Map<string, Denial> } | undefined;
      return {
        async didResolveOperation(requestContext) {
          const { schema, document, operation, contextValue } = requestContext;
          if (!operation) return;
          const identity = contextValue.identity;
          const scopes = identity ? new Set(identity.scopes) : null;
          const denied = denials(currentRules(), selectedFields(schema, document, operation), scopes);
          if (!denied.length) return;
          if (!scopes || denied.some((d) => d.code === ErrorCode.UNAUTHENTICATED)) throw refusal(denied);
          const filtered = filterOperation(schema, document, operation, new Set(denied.map((d) => d.field)));
          refused = { document, operation, denials: new Map(denied.map((d) => [d.field, d])) };
          // What the gateway plans and executes from here on: the operation without the denied fields.
          Object.assign(requestContext, {
            document: filtered.document,
            operation: filtered.operation,
            queryHash: filtered.queryHash,
          });
        },
        async willSendResponse({ schema, response }) {
          if (!refused || response.body.kind !== 'single') return;
          const result = response.body.singleResult;
          if (!result.data) return;
          const restored = restoreRefusedFields(
            schema,
            refused.document,
            refused.operation,
            result.data,
            refused.denials,
          );
          result.data = restored.data;
          result.errors = [...(result.errors ?? []), ...restored.errors];
        },
      };
    },
  };
}
