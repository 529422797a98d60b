/**
 * What one owner's schema change may not do to another owner, read off the served supergraph and
 * the proposed one, so it holds whichever subgraph makes the change and however it is written:
 *
 * - take over another owner's field with `@override` unless that owner approved it in the registry
 *   (`overridesApproved` on its own entry);
 * - remove or weaken an access rule (`@authenticated`, `@requiresScopes`, `@policy`) or a
 *   personal-data mark on a field or type that keeps existing;
 * - add a value to an enum another owner defines (the owner's clients and resolvers do not know it);
 * - mark a field personal data of a kind the gateway cannot mask, or, in a subgraph whose reads the
 *   gateway audits (partner-read-audit.ts), on a type that can be reached without a Worker and
 *   does not name its Worker itself;
 * - add, in such a subgraph, a field a Worker can reach without a decision on it: a personal-data
 *   mark, or `personal-data/none` (listed by the check: `notPersonal`);
 * - require a scope that neither the graph nor any registry entry declares (no role could hold it).
 *
 * A non-null field added to another owner's entity is refused by composition itself (ownership.ts).
 */
import {
  ConstArgumentNode,
  ConstDirectiveNode,
  DocumentNode,
  EnumTypeDefinitionNode,
  Kind,
  parse,
  TypeNode,
  valueFromASTUntyped,
} from 'graphql';
import {
  CORE_SUBGRAPHS,
  NOT_PERSONAL,
  PERSON_TYPE,
  PERSONAL_DATA_MASKS,
  PERSONAL_DATA_TAG,
  SUBGRAPHS_WITH_THEIR_OWN_READ_AUDIT,
} from '../../contract/personal-data';
import { ALL_SCOPES } from '../../contract/scopes';

export interface OverrideApproval {
  /** `Type.field` of the approving owner's subgraph. */
  field: string;
  /** The subgraph allowed to take it over. */
  to: string;
  approvedBy?: string;
}

export interface DeclaredScope {
  name: string;
  /** What it opens, for the operators who grant it to roles (ROLE_SCOPE_GRANTS). */
  description?: string;
}

export interface GuardedEntry {
  name: string;
  owner?: string;
  overridesApproved?: OverrideApproval[];
  /** Scopes this subgraph's fields require beyond the graph's own (contract/scopes.ts). */
  scopes?: DeclaredScope[];
}

export interface OwnerViolation {
  type:
    | 'UNDECLARED_SCOPE'
    | 'OVERRIDE_WITHOUT_APPROVAL'
    | 'ACCESS_RULE_WEAKENED'
    | 'PERSONAL_DATA_MARK_REMOVED'
    | 'ENUM_VALUE_ADDED_TO_FOREIGN_ENUM'
    | 'UNKNOWN_PERSONAL_DATA_KIND'
    | 'PERSONAL_DATA_WITHOUT_PERSON'
    | 'PERSONAL_DATA_UNDECIDED';
  description: string;
  /** Whose graph is touched, as the registry names it. */
  owner: string;
}

type Directives = readonly ConstDirectiveNode[] | undefined;

const argument = (directive: ConstDirectiveNode, name: string): unknown => {
  const node = directive.arguments?.find((a: ConstArgumentNode) => a.name.value === name);
  return node ? valueFromASTUntyped(node.value) : undefined;
};

interface Coordinate {
  /** Graph enum values (e.g. POPULATION) that resolve it. */
  graphs: string[];
  directives: Directives;
  overrides: { graph: string; from: string }[];
}

interface Supergraph {
  /** Graph enum value -> subgraph name, from `@join__graph`. */
  names: Map<string, string>;
  coordinates: Map<string, Coordinate>;
  enums: Map<string, { graphs: string[]; values: Map<string, string[]> }>;
  /** Type -> the types with a field returning it. */
  referencedBy: Map<string, Set<string>>;
  /** Types other subgraphs can fetch by key (`@join__type(key: ...)`). */
  entities: Set<string>;
  /** Type -> the types its fields return. */
  references: Map<string, Set<string>>;
  /** Type -> the graphs that resolve a field of it returning the person: such a type names its person. */
  namesPerson: Map<string, Set<string>>;
  /** Object, interface and union types: anything else a field returns is a leaf value. */
  composite: Set<string>;
  /** `Type.field` -> the named type it returns. */
  returns: Map<string, string>;
}

function read(supergraphSdl: string | DocumentNode): Supergraph {
  const document = typeof supergraphSdl === 'string' ? parse(supergraphSdl) : supergraphSdl;
  const names = new Map<string, string>();
  const coordinates = new Map<string, Coordinate>();
  const enums = new Map<string, { graphs: string[]; values: Map<string, string[]> }>();
  const referencedBy = new Map<string, Set<string>>();
  const entities = new Set<string>();
  const references = new Map<string, Set<string>>();
  const namesPerson = new Map<string, Set<string>>();
  const composite = new Set<string>();
  const returns = new Map<string, string>();
  const graphsOf = (directives: Directives, join: string) =>
    (directives ?? []).filter((d) => d.name.value === join).map((d) => String(argument(d, 'graph')));
  for (const definition of document.definitions) {
    if (definition.kind === Kind.ENUM_TYPE_DEFINITION && definition.name.value === 'join__Graph') {
      for (const value of definition.values ?? []) {
        const graph = value.directives?.find((d) => d.name.value === 'join__graph');
        if (graph) names.set(value.name.value, String(argument(graph, 'name')));
      }
      continue;
    }
    if (definition.kind === Kind.ENUM_TYPE_DEFINITION) {
      const node = definition as EnumTypeDefinitionNode;
      enums.set(node.name.value, {
        graphs: graphsOf(node.directives, 'join__type'),
        values: new Map(
          (node.values ?? []).map((value) => [value.name.value, graphsOf(value.directives, 'join__enumValue')]),
        ),
      });
      continue;
    }
    if (definition.kind === Kind.UNION_TYPE_DEFINITION) composite.add(definition.name.value);
    if (definition.kind !== Kind.OBJECT_TYPE_DEFINITION && definition.kind !== Kind.INTERFACE_TYPE_DEFINITION) continue;
    composite.add(definition.name.value);
    const typeGraphs = graphsOf(definition.directives, 'join__type');
    if ((definition.directives ?? []).some((d) => d.name.value === 'join__type' && argument(d, 'key') !== undefined))
      entities.add(definition.name.value);
    coordinates.set(definition.name.value, { graphs: typeGraphs, directives: definition.directives, overrides: [] });
    for (const field of definition.fields ?? []) {
      const returned = namedType(field.type);
      returns.set(`${definition.name.value}.${field.name.value}`, returned);
      if (!referencedBy.has(returned)) referencedBy.set(returned, new Set());
      referencedBy.get(returned)!.add(definition.name.value);
      if (!references.has(definition.name.value)) references.set(definition.name.value, new Set());
      references.get(definition.name.value)!.add(returned);
      const joins = (field.directives ?? []).filter(
        (d) => d.name.value === 'join__field' && argument(d, 'graph') !== undefined && argument(d, 'external') !== true,
      );
      const graphs = joins.length ? joins.map((d) => String(argument(d, 'graph'))) : typeGraphs;
      if (returned === PERSON_TYPE)
        namesPerson.set(definition.name.value, new Set([...(namesPerson.get(definition.name.value) ?? []), ...graphs]));
      coordinates.set(`${definition.name.value}.${field.name.value}`, {
        graphs,
        directives: field.directives,
        overrides: joins
          .filter((d) => typeof argument(d, 'override') === 'string')
          .map((d) => ({ graph: String(argument(d, 'graph')), from: String(argument(d, 'override')) })),
      });
    }
  }
  return { names, coordinates, enums, referencedBy, entities, references, namesPerson, composite, returns };
}

/** Every type a Worker's fields lead to, however deep: where a partner's field is read beside a person. */
function reachableFromPerson(graph: Supergraph): Set<string> {
  const reached = new Set<string>([PERSON_TYPE]);
  const queue = [PERSON_TYPE];
  for (let type = queue.shift(); type; type = queue.shift()) {
    for (const next of graph.references.get(type) ?? []) {
      if (graph.composite.has(next) && !reached.has(next)) {
        reached.add(next);
        queue.push(next);
      }
    }
  }
  return reached;
}

const namedType = (type: TypeNode): string => (type.kind === Kind.NAMED_TYPE ? type.name.value : namedType(type.type));

/**
 * Whether every way to a type passes through a Worker, so a read of its fields names a person: the
 * Worker itself, a type that names its Worker in the same subgraphs (`graphs`: the gateway asks
 * them for it beside the read), or a type no other subgraph can fetch by key whose every referring
 * type is such.
 */
function reachedOnlyThroughPerson(
  graph: Supergraph,
  type: string,
  graphs: string[],
  seen = new Set<string>(),
): boolean {
  if (type === PERSON_TYPE) return true;
  if (seen.has(type)) return true;
  const naming = graph.namesPerson.get(type);
  if (naming && graphs.every((g) => naming.has(g))) return true;
  seen.add(type);
  const referrers = graph.referencedBy.get(type);
  if (graph.entities.has(type) || !referrers?.size) return false;
  return [...referrers].every((referrer) => reachedOnlyThroughPerson(graph, referrer, graphs, seen));
}

/** What a caller needs: null for nothing, else alternatives (each a set of scopes or policies) any one of which is enough. */
function requirement(directives: Directives): string[][] | null {
  let alternatives: string[][] | null = null;
  const and = (more: string[][]) => {
    alternatives = alternatives ? alternatives.flatMap((a) => more.map((b) => [...new Set([...a, ...b])])) : more;
  };
  for (const directive of directives ?? []) {
    if (directive.name.value === 'authenticated') and([[]]);
    if (directive.name.value === 'requiresScopes')
      and((argument(directive, 'scopes') as string[][]).map((all) => all.map((s) => `scope:${s}`)));
    if (directive.name.value === 'policy')
      and((argument(directive, 'policies') as string[][]).map((all) => all.map((p) => `policy:${p}`)));
  }
  return alternatives;
}

/** Weaker: some caller satisfies the new rule without satisfying the old one. */
function weakened(before: string[][] | null, after: string[][] | null): boolean {
  if (!before) return false;
  if (!after) return true;
  return after.some((alternative) => !before.some((old) => old.every((need) => alternative.includes(need))));
}

const describeRule = (rule: string[][] | null) =>
  !rule ? 'nothing' : rule.map((all) => (all.length ? all.join(' and ') : 'a signed-in caller')).join(' or ');

const personalKinds = (directives: Directives) =>
  (directives ?? [])
    .filter((d) => d.name.value === 'tag' && String(argument(d, 'name')).startsWith(`${PERSONAL_DATA_TAG}/`))
    .map((d) => String(argument(d, 'name')).slice(PERSONAL_DATA_TAG.length + 1));

/** Fields whose owner declared them not personal data (`personal-data/none`), as the check lists them for review. */
export function notPersonalFields(supergraphSdl: string, subgraph: string): string[] {
  const graph = read(supergraphSdl);
  return [...graph.coordinates]
    .filter(
      ([coordinate, field]) =>
        coordinate.includes('.') &&
        field.graphs.some((g) => graph.names.get(g) === subgraph) &&
        personalKinds(field.directives).includes(NOT_PERSONAL),
    )
    .map(([coordinate]) => coordinate);
}

export function ownerViolations(
  currentSupergraph: string,
  proposedSupergraph: string,
  registry: GuardedEntry[],
): OwnerViolation[] {
  const current = read(currentSupergraph);
  const proposed = read(proposedSupergraph);
  const nameOf = (graph: string) => proposed.names.get(graph) ?? current.names.get(graph) ?? graph.toLowerCase();
  const ownerOf = (name: string) => registry.find((entry) => entry.name === name)?.owner ?? name;
  const ownersOf = (graphs: string[]) =>
    [...new Set(graphs.map((graph) => `${nameOf(graph)} (${ownerOf(nameOf(graph))})`))].join(', ');
  const violations: OwnerViolation[] = [];
  const besidePerson = reachableFromPerson(proposed);
  const declared = new Set<string>([
    ...ALL_SCOPES,
    ...registry.flatMap((entry) => (entry.scopes ?? []).map((scope) => scope.name)),
  ]);

  for (const [coordinate, field] of proposed.coordinates) {
    const undeclared = [...new Set((requirement(field.directives) ?? []).flat())].filter(
      (need) => need.startsWith('scope:') && !declared.has(need.slice(6)),
    );
    if (undeclared.length) {
      violations.push({
        type: 'UNDECLARED_SCOPE',
        owner: ownersOf(field.graphs),
        description: `${coordinate} requires ${undeclared.map((need) => need.slice(6)).join(', ')}, which no registry entry declares (scopes: [{ "name": ..., "description": ... }]), so no role can be granted it.`,
      });
    }
    for (const { graph, from } of field.overrides) {
      const taker = nameOf(graph);
      const approved = registry
        .find((entry) => entry.name === from)
        ?.overridesApproved?.some((a) => a.field === coordinate && a.to === taker);
      if (from !== taker && !approved) {
        violations.push({
          type: 'OVERRIDE_WITHOUT_APPROVAL',
          owner: ownerOf(from),
          description: `${taker} takes ${coordinate} over from ${from} with @override, but ${from}'s registry entry approves no such override (overridesApproved: [{ "field": "${coordinate}", "to": "${taker}" }]).`,
        });
      }
    }
    const decisions = personalKinds(field.directives);
    const kinds = decisions.filter((kind) => kind !== NOT_PERSONAL);
    const auditedByGateway = field.graphs.filter((graph) => !SUBGRAPHS_WITH_THEIR_OWN_READ_AUDIT.has(nameOf(graph)));
    const [typeName, fieldName] = coordinate.split('.');
    // A value only partners serve, read beside a person: its owner says whether it is about them.
    const partners = field.graphs.filter((graph) => !CORE_SUBGRAPHS.has(nameOf(graph)));
    const partnersOnly = partners.length > 0 && partners.length === field.graphs.length;
    if (
      fieldName &&
      partnersOnly &&
      !decisions.length &&
      besidePerson.has(typeName) &&
      !proposed.composite.has(proposed.returns.get(coordinate) ?? '')
    ) {
      violations.push({
        type: 'PERSONAL_DATA_UNDECIDED',
        owner: ownersOf(partners),
        description: `${coordinate} can be read beside a ${PERSON_TYPE} but carries no decision on personal data: mark it @tag(name: "${PERSONAL_DATA_TAG}/<kind>") (${Object.keys(PERSONAL_DATA_MASKS).join(', ')}), or @tag(name: "${PERSONAL_DATA_TAG}/${NOT_PERSONAL}") if it says nothing about a person.`,
      });
    }
    if (
      kinds.length &&
      auditedByGateway.length &&
      fieldName &&
      !reachedOnlyThroughPerson(proposed, typeName, auditedByGateway)
    ) {
      violations.push({
        type: 'PERSONAL_DATA_WITHOUT_PERSON',
        owner: ownersOf(auditedByGateway),
        description: `${coordinate} is marked personal data, but ${typeName} can be reached without going through a ${PERSON_TYPE}, so the read audit could not name whose data was read. Put it under ${PERSON_TYPE} (a type only ${PERSON_TYPE} fields return), or give ${typeName} a field returning its ${PERSON_TYPE} in the same subgraph.`,
      });
    }
    for (const kind of kinds) {
      if (!(kind in PERSONAL_DATA_MASKS)) {
        violations.push({
          type: 'UNKNOWN_PERSONAL_DATA_KIND',
          owner: ownersOf(field.graphs),
          description: `${coordinate} is tagged "${PERSONAL_DATA_TAG}/${kind}", a kind the gateway cannot mask (known: ${Object.keys(PERSONAL_DATA_MASKS).join(', ')}).`,
        });
      }
    }
    const before = current.coordinates.get(coordinate);
    if (!before) continue;
    const [was, is] = [requirement(before.directives), requirement(field.directives)];
    if (weakened(was, is)) {
      violations.push({
        type: 'ACCESS_RULE_WEAKENED',
        owner: ownersOf(before.graphs),
        description: `${coordinate} required ${describeRule(was)}; it would require ${describeRule(is)}.`,
      });
    }
    const lost = personalKinds(before.directives).filter((kind) => !personalKinds(field.directives).includes(kind));
    if (lost.length) {
      violations.push({
        type: 'PERSONAL_DATA_MARK_REMOVED',
        owner: ownersOf(before.graphs),
        description: `${coordinate} would lose its "${PERSONAL_DATA_TAG}/${lost.join('", "')}" mark, and be shown unmasked to every role that reads it.`,
      });
    }
  }

  for (const [name, type] of proposed.enums) {
    const before = current.enums.get(name);
    if (!before || name.startsWith('join__') || name.startsWith('link__')) continue;
    for (const [value, graphs] of type.values) {
      if (before.values.has(value)) continue;
      // The owners of an enum are the subgraphs that defined it before; a value only one of them adds is theirs to add.
      const adders = graphs.length ? graphs : type.graphs;
      const foreign = adders.filter((graph) => !before.graphs.includes(graph));
      if (foreign.length) {
        violations.push({
          type: 'ENUM_VALUE_ADDED_TO_FOREIGN_ENUM',
          owner: ownersOf(before.graphs),
          description: `${foreign.map(nameOf).join(', ')} adds ${value} to ${name}, an enum that ${before.graphs.map(nameOf).join(', ')} defines: their clients and resolvers do not know it.`,
        });
      }
    }
  }
  return violations;
}
