/**
 * Field descriptions name the scopes a field needs, read off the same directives the gateway and
 * the subgraphs enforce (`@requiresScopes`, `@authenticated`), so Sandbox's and the explorer's
 * docs panels tell an analyst what their token may read before a refusal does.
 */
import {
  ConstDirectiveNode,
  GraphQLField,
  GraphQLNamedType,
  GraphQLSchema,
  isObjectType,
  Kind,
  ValueNode,
} from 'graphql';

const strings = (value: ValueNode | undefined): unknown =>
  value?.kind === Kind.LIST ? value.values.map(strings) : value?.kind === Kind.STRING ? value.value : undefined;

/** "Access: needs `a:read`, or both `b:read` and `c:read`." for the directives on a node; undefined without any. */
export function accessSentence(directives: readonly ConstDirectiveNode[] | undefined): string | undefined {
  const scopes = directives?.find((d) => d.name.value === 'requiresScopes');
  if (scopes) {
    const alternatives = strings(scopes.arguments?.find((a) => a.name.value === 'scopes')?.value) as string[][];
    const options = alternatives.map((all) =>
      all.length === 1 ? `\`${all[0]}\`` : `both ${all.map((s) => `\`${s}\``).join(' and ')}`,
    );
    return `Access: needs the scope ${options.join(', or ')}.`;
  }
  if (directives?.some((d) => d.name.value === 'authenticated')) return 'Access: any signed-in caller.';
  return undefined;
}

const withSentence = (description: string | null | undefined, sentence: string) =>
  description?.includes('Access: ') ? description : description ? `${description}\n\n${sentence}` : sentence;

/** Adds the access sentence to every field (and type) whose directives restrict it; root fields without one need a signed-in caller. */
export function describeAccess(schema: GraphQLSchema): void {
  const roots = new Set([schema.getQueryType()?.name, schema.getMutationType()?.name]);
  for (const type of Object.values(schema.getTypeMap()) as GraphQLNamedType[]) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    const typeSentence = accessSentence(type.astNode?.directives);
    if (typeSentence) type.description = withSentence(type.description, typeSentence);
    for (const field of Object.values(type.getFields()) as GraphQLField<unknown, unknown>[]) {
      const sentence =
        accessSentence(field.astNode?.directives) ??
        (roots.has(type.name) && !field.name.startsWith('_') ? 'Access: any signed-in caller.' : undefined);
      if (sentence) field.description = withSentence(field.description, sentence);
    }
  }
}
