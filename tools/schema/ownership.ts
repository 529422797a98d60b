/**
 * The federation's rule for partial answers: a field that one owner adds to another's entity,
 * or that points at an entity another owner resolves, is nullable. When that other owner is down,
 * the gateway then nulls this field alone (with an error at its path) instead of the whole object
 * around it: a headline answer with budget down keeps membership's coverage and loses only
 * `fundedBy`. Read off a composed supergraph, so it holds for partners' subgraphs too.
 */
import { DocumentNode, Kind, ObjectTypeDefinitionNode, parse, TypeNode } from 'graphql';

interface TypeOwnership {
  graphs: string[];
  owner: string;
  entity: boolean;
  fields: { name: string; graph: string | undefined; type: TypeNode; overridden: boolean }[];
}

const argument = (
  directive: { arguments?: readonly { name: { value: string }; value: { kind: string } }[] },
  name: string,
) => {
  const value = directive.arguments?.find((a) => a.name.value === name)?.value as { value?: unknown } | undefined;
  return value?.value;
};

const namedType = (type: TypeNode): string => (type.kind === Kind.NAMED_TYPE ? type.name.value : namedType(type.type));

function ownershipOf(node: ObjectTypeDefinitionNode): TypeOwnership {
  const joins = (node.directives ?? []).filter((d) => d.name.value === 'join__type');
  const graphs = joins.filter((d) => argument(d, 'resolvable') !== false).map((d) => String(argument(d, 'graph')));
  const fields = (node.fields ?? []).map((field) => {
    const join = field.directives?.find((d) => d.name.value === 'join__field' && argument(d, 'graph') !== undefined);
    return {
      name: field.name.value,
      graph: join ? String(argument(join, 'graph')) : graphs.length === 1 ? graphs[0] : undefined,
      type: field.type,
      // A field taken over with @override is judged by its owner's approval (owner-guards.ts), not as an addition.
      overridden: join !== undefined && argument(join, 'override') !== undefined,
    };
  });
  // The owner resolves most of the type's own fields; the others only add to it.
  const counts = new Map<string, number>();
  for (const field of fields) if (field.graph) counts.set(field.graph, (counts.get(field.graph) ?? 0) + 1);
  const owner = [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0] ?? graphs[0];
  return { graphs, owner, entity: joins.some((d) => argument(d, 'key') !== undefined), fields };
}

/** Every field that breaks the rule, as `Type.field (subgraph): why`, naming the owner (`ownerOf` a subgraph name) it would hurt. */
export function foreignNonNullFields(
  supergraph: string | DocumentNode,
  ownerOf: (subgraph: string) => string | undefined = () => undefined,
): string[] {
  const document = typeof supergraph === 'string' ? parse(supergraph) : supergraph;
  const types = new Map<string, TypeOwnership>();
  const names = new Map<string, string>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.ENUM_TYPE_DEFINITION && definition.name.value === 'join__Graph') {
      for (const value of definition.values ?? []) {
        const join = value.directives?.find((d) => d.name.value === 'join__graph');
        if (join) names.set(value.name.value, String(argument(join, 'name')));
      }
    }
    if (
      definition.kind === Kind.OBJECT_TYPE_DEFINITION &&
      !['Query', 'Mutation', 'Subscription'].includes(definition.name.value)
    ) {
      types.set(definition.name.value, ownershipOf(definition));
    }
  }
  const name = (graph: string) => names.get(graph) ?? graph;
  const owned = (graph: string) => {
    const owner = ownerOf(name(graph));
    return owner ? `${name(graph)}'s (owner: ${owner})` : `${name(graph)}'s`;
  };
  const violations: string[] = [];
  for (const [typeName, type] of types) {
    for (const field of type.fields) {
      if (field.type.kind !== Kind.NON_NULL_TYPE || !field.graph || field.overridden) continue;
      const target = types.get(namedType(field.type));
      if (type.entity && field.graph !== type.owner) {
        violations.push(
          `${typeName}.${field.name} (${name(field.graph)}): added to ${owned(type.owner)} ${typeName}, so it must be nullable`,
        );
      } else if (target?.entity && target.owner !== field.graph) {
        violations.push(
          `${typeName}.${field.name} (${name(field.graph)}): points at ${owned(target.owner)} ${namedType(field.type)}, so it must be nullable`,
        );
      }
    }
  }
  return violations;
}
