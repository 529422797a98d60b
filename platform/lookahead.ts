/**
 * What the client asked of a field's result, known before it is fetched: lets a resolver read
 * a child's rows in the same SQL statement as its own (one round trip to the database instead
 * of two) when the child is selected, and only then.
 */
import {
  FieldNode,
  getArgumentValues,
  getNamedType,
  GraphQLResolveInfo,
  isObjectType,
  Kind,
  SelectionSetNode,
} from 'graphql';

/** The arguments of every selection of `childField` on the value being resolved (one entry per alias). */
export function selectedChildArguments(info: GraphQLResolveInfo, childField: string): Record<string, unknown>[] {
  const type = getNamedType(info.returnType);
  const definition = isObjectType(type) ? type.getFields()[childField] : undefined;
  if (!definition) return [];
  const found: Record<string, unknown>[] = [];
  const visited = new Set<string>();
  const collect = (selectionSet: SelectionSetNode | undefined) => {
    for (const selection of selectionSet?.selections ?? []) {
      if (selection.kind === Kind.FIELD) {
        if (selection.name.value === childField) {
          try {
            found.push(getArgumentValues(definition, selection as FieldNode, info.variableValues));
          } catch {
            // An argument that does not coerce is the child's own error to report, when it resolves.
          }
        }
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        collect(selection.selectionSet);
      } else if (!visited.has(selection.name.value)) {
        visited.add(selection.name.value);
        collect(info.fragments[selection.name.value]?.selectionSet);
      }
    }
  };
  for (const node of info.fieldNodes) collect(node.selectionSet);
  return found;
}
