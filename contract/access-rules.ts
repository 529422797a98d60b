/**
 * Reads `@authenticated` and `@requiresScopes` from an SDL and checks an operation against them:
 * every field it selects, through named and inline fragments and `_entities` type conditions.
 * The gateway applies it to the supergraph before planning; every subgraph applies it to its own
 * SDL before executing, so both enforce exactly what the schema declares, once per request.
 */
import {
  ASTNode,
  ConstDirectiveNode,
  DocumentNode,
  FragmentDefinitionNode,
  GraphQLError,
  GraphQLSchema,
  Kind,
  OperationDefinitionNode,
  parse,
  TypeInfo,
  ValueNode,
  visit,
  visitWithTypeInfo,
} from 'graphql';
import { ErrorCode } from '../platform/errors';
import { satisfies } from './scopes';

export interface FieldRule {
  authenticated: boolean;
  /** Each entry is an OR-of-AND list; all entries must hold (field-, type- and return-type-level). */
  scopes: string[][][];
}

export interface Denial {
  field: string;
  code: typeof ErrorCode.UNAUTHENTICATED | typeof ErrorCode.FORBIDDEN;
  needs?: string[][];
}

function valueOf(node: ValueNode): unknown {
  if (node.kind === Kind.LIST) return node.values.map(valueOf);
  if (node.kind === Kind.STRING) return node.value;
  return null;
}

function rulesOf(directives: readonly ConstDirectiveNode[] | undefined): FieldRule {
  const rule: FieldRule = { authenticated: false, scopes: [] };
  for (const directive of directives ?? []) {
    if (directive.name.value === 'authenticated') rule.authenticated = true;
    if (directive.name.value === 'requiresScopes') {
      const scopes = directive.arguments?.find((a) => a.name.value === 'scopes');
      if (scopes) rule.scopes.push(valueOf(scopes.value) as string[][]);
    }
  }
  return rule;
}

const ROOT_TYPES = new Set(['Query', 'Mutation', 'Subscription']);

const isEmpty = (rule: FieldRule) => !rule.authenticated && rule.scopes.length === 0;

/** `Type.field` -> what it takes, from the directives of the field, its type and its return type. */
export function readAccessRules(supergraphSdl: string): Map<string, FieldRule> {
  const document = parse(supergraphSdl);
  const typeRules = new Map<string, FieldRule>();
  const fields: { key: string; rule: FieldRule; parent: string; returns: string }[] = [];
  for (const definition of document.definitions) {
    if ('name' in definition && definition.name && 'directives' in definition) {
      typeRules.set(definition.name.value, rulesOf(definition.directives as ConstDirectiveNode[]));
    }
    if (definition.kind === Kind.OBJECT_TYPE_DEFINITION || definition.kind === Kind.INTERFACE_TYPE_DEFINITION) {
      for (const field of definition.fields ?? []) {
        let type = field.type;
        while (type.kind !== Kind.NAMED_TYPE) type = type.type;
        fields.push({
          key: `${definition.name.value}.${field.name.value}`,
          rule: rulesOf(field.directives),
          parent: definition.name.value,
          returns: type.name.value,
        });
      }
    }
  }
  const rules = new Map<string, FieldRule>();
  for (const { key, rule, parent, returns } of fields) {
    const combined = [rule, typeRules.get(parent), typeRules.get(returns)].filter((r): r is FieldRule => Boolean(r));
    const merged: FieldRule = {
      // A root field nobody annotated is still closed to anonymous callers: forgetting a decorator never opens the graph.
      authenticated: ROOT_TYPES.has(parent) || combined.some((r) => r.authenticated),
      scopes: combined.flatMap((r) => r.scopes),
    };
    if (!isEmpty(merged)) rules.set(key, merged);
  }
  return rules;
}

/**
 * Apollo Server keeps parsed documents in its document store, so a client repeating a query
 * brings the same DocumentNode each time: the fields it selects are collected once per schema
 * and operation, not walked on every request. (Weak maps: nothing outlives the store's entry.)
 */
const selectedByOperation = new WeakMap<GraphQLSchema, WeakMap<OperationDefinitionNode, ReadonlySet<string>>>();

/** Every field the operation selects, through fragments, as `Type.field`. */
export function selectedFields(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
): ReadonlySet<string> {
  let bySchema = selectedByOperation.get(schema);
  if (!bySchema) selectedByOperation.set(schema, (bySchema = new WeakMap()));
  let selected = bySchema.get(operation);
  if (!selected) bySchema.set(operation, (selected = collectSelectedFields(schema, document, operation)));
  return selected;
}

function collectSelectedFields(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
): Set<string> {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions)
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  const selected = new Set<string>();
  const visited = new Set<string>();
  const walk = (node: ASTNode) => {
    const typeInfo = new TypeInfo(schema);
    visit(
      node,
      visitWithTypeInfo(typeInfo, {
        Field(field) {
          const parent = typeInfo.getParentType();
          if (parent && !field.name.value.startsWith('__')) selected.add(`${parent.name}.${field.name.value}`);
        },
        FragmentSpread(spread) {
          const fragment = fragments.get(spread.name.value);
          if (fragment && !visited.has(fragment.name.value)) {
            visited.add(fragment.name.value);
            walk(fragment);
          }
        },
      }),
    );
  };
  walk(operation);
  return selected;
}

export function denials(
  rules: Map<string, FieldRule>,
  fields: Iterable<string>,
  scopes: ReadonlySet<string> | null,
): Denial[] {
  const denied: Denial[] = [];
  for (const field of fields) {
    const rule = rules.get(field);
    if (!rule) continue;
    if (!scopes) {
      denied.push({ field, code: ErrorCode.UNAUTHENTICATED });
      continue;
    }
    const missing = rule.scopes.find((alternatives) => !satisfies(scopes, alternatives));
    if (missing) denied.push({ field, code: ErrorCode.FORBIDDEN, needs: missing });
  }
  return denied;
}

export function refusal(denied: Denial[]): GraphQLError {
  const unauthenticated = denied.some((d) => d.code === ErrorCode.UNAUTHENTICATED);
  const explain = (d: Denial) =>
    d.needs ? `${d.field} needs ${d.needs.map((all) => all.join(' and ')).join(' or ')}` : d.field;
  return new GraphQLError(
    unauthenticated
      ? `Sign in first: ${denied.map((d) => d.field).join(', ')} ${denied.length === 1 ? 'needs' : 'need'} an authenticated caller.`
      : `The operation was refused as a whole: ${denied.map(explain).join('; ')}.`,
    {
      extensions: {
        code: unauthenticated ? ErrorCode.UNAUTHENTICATED : ErrorCode.FORBIDDEN,
        deniedFields: denied.map((d) => d.field),
        http: { status: unauthenticated ? 401 : 403 },
      },
    },
  );
}

/** Null scopes: an anonymous caller. Throws the refusal of the whole operation, if any. */
export function checkOperation(
  rules: Map<string, FieldRule>,
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  scopes: ReadonlySet<string> | null,
): void {
  const denied = denials(rules, selectedFields(schema, document, operation), scopes);
  if (denied.length) throw refusal(denied);
}
