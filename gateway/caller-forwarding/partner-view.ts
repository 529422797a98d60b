/**
 * What a partner's subgraph learns of each caller. A core subgraph (CORE_SUBGRAPHS) gets the
 * caller whole; a partner gets only what its own fields need, so a partner's logs, or a breach of
 * its servers, tell nobody who holds `workers:write` or who the city's officers are:
 *
 * - scopes: the ones `@requiresScopes` names on the fields and types that partner owns in the
 *   supergraph, and `personal-data:read` when it owns personal-data fields; of those, only the
 *   ones the caller holds. The owner of a field is its `@join__field(graph:)` (not `external`),
 *   else every `@join__type` graph of its type: the subgraph that resolves it, which is the one
 *   that checks it again.
 * - subject: a pairwise pseudonym, HMAC-SHA256 of the subject under a key derived for that
 *   partner alone (HKDF of the gateway secret, salted by the subgraph name): stable, so the
 *   partner can still tell its own callers apart and audit them, but two partners cannot join
 *   their records by who asked.
 * - no roles and no agency: a partner's resolvers decide by scope (the gateway already decided
 *   by role when it granted the scopes), so roles would only describe the city's organisation.
 * - villages, and the all-villages scope, only to a partner whose registry entry says it applies
 *   the village rule (`"assertion": { "villageRule": true }`); another has no use for them.
 *
 * A registry entry may ask for the caller whole, with the reason on record
 * (`"assertion": { "claims": "full", "reason": "..." }`): see docs/partners.md.
 *
 * The declarations are read from the registry file beside the supergraph (schema/subgraphs.json)
 * each time a supergraph loads: the operators change both together when a partner joins.
 */
import fs from 'node:fs';
import { createHmac, hkdfSync } from 'node:crypto';
import { Kind, parse, type ConstDirectiveNode } from 'graphql';
import { ANONYMOUS_SUBJECT, type CallerClaims } from '../../contract/caller';
import { CORE_SUBGRAPHS } from '../../contract/personal-data';
import { Scope } from '../../contract/scopes';
import type { LoadedSupergraph } from '../server/feature';

export interface AssertionDeclaration {
  /** `full`: the caller whole, as a core subgraph gets it; `reason` says why it needs that. */
  claims?: 'full' | 'minimal';
  reason?: string;
  /** The partner limits village-scoped callers to their villages (Caller.seesVillage). */
  villageRule?: boolean;
}

interface PartnerNeeds {
  full: boolean;
  scopes: ReadonlySet<string>;
  villageRule: boolean;
}

/** Each partner's pseudonym key, HKDF-derived from the gateway secret with the subgraph's name. */
export function pseudonymKey(gatewaySecret: string, subgraph: string): Buffer {
  return Buffer.from(hkdfSync('sha256', gatewaySecret, `partner:${subgraph}`, 'caller-pseudonym', 32));
}

export function pseudonymousSubject(subject: string, key: Buffer): string {
  return createHmac('sha256', key).update(subject).digest('base64url');
}

const graphArgument = (directive: ConstDirectiveNode): string | undefined => {
  const graph = directive.arguments?.find((argument) => argument.name.value === 'graph')?.value;
  return graph?.kind === Kind.ENUM ? graph.value : undefined;
};
const isExternal = (directive: ConstDirectiveNode) =>
  directive.arguments?.some(
    (argument) => argument.name.value === 'external' && argument.value.kind === Kind.BOOLEAN && argument.value.value,
  ) ?? false;

/** The scopes each graph's own fields and types require, by subgraph name. */
export function scopesBySubgraph(loaded: LoadedSupergraph): Map<string, Set<string>> {
  const document = parse(loaded.sdl);
  const graphNames = new Map<string, string>();
  const owned = new Map<string, Set<string>>();
  const own = (graph: string, scopes: Iterable<string>) => {
    const set = owned.get(graph) ?? new Set<string>();
    for (const scope of scopes) set.add(scope);
    owned.set(graph, set);
  };
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.ENUM_TYPE_DEFINITION || definition.name.value !== 'join__Graph') continue;
    for (const value of definition.values ?? []) {
      const name = value.directives
        ?.find((d) => d.name.value === 'join__graph')
        ?.arguments?.find((a) => a.name.value === 'name')?.value;
      if (name?.kind === Kind.STRING) graphNames.set(value.name.value, name.value);
    }
  }
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.OBJECT_TYPE_DEFINITION && definition.kind !== Kind.INTERFACE_TYPE_DEFINITION) continue;
    const typeGraphs = (definition.directives ?? [])
      .filter((d) => d.name.value === 'join__type')
      .map(graphArgument)
      .filter((g): g is string => Boolean(g));
    for (const field of definition.fields ?? []) {
      const joins = (field.directives ?? []).filter((d) => d.name.value === 'join__field');
      const owners = joins.length ? joins.filter((d) => !isExternal(d)).map(graphArgument) : typeGraphs;
      const rule = loaded.accessRules.get(`${definition.name.value}.${field.name.value}`);
      const scopes = [...(rule?.scopes.flat(2) ?? [])];
      if (loaded.personalFields.has(`${definition.name.value}.${field.name.value}`))
        scopes.push(Scope.PERSONAL_DATA_READ);
      for (const graph of owners) if (graph) own(graphNames.get(graph) ?? graph.toLowerCase(), scopes);
    }
  }
  return owned;
}

export function readAssertionDeclarations(registryPath: string | undefined): Map<string, AssertionDeclaration> {
  const declared = new Map<string, AssertionDeclaration>();
  if (!registryPath || !fs.existsSync(registryPath)) return declared;
  const registry = JSON.parse(fs.readFileSync(registryPath, 'utf8')) as {
    subgraphs?: { name: string; assertion?: AssertionDeclaration }[];
  };
  for (const entry of registry.subgraphs ?? []) if (entry.assertion) declared.set(entry.name, entry.assertion);
  return declared;
}

/** Turns the caller's claims into what each subgraph is told; core subgraphs get them unchanged. */
export class PartnerViews {
  private needs = new Map<string, PartnerNeeds>();
  private readonly keys = new Map<string, Buffer>();

  constructor(
    private readonly gatewaySecret: string,
    private readonly registryPath?: string,
  ) {}

  onSupergraphLoad(loaded: LoadedSupergraph): void {
    const declared = readAssertionDeclarations(this.registryPath);
    const needs = new Map<string, PartnerNeeds>();
    for (const [subgraph, scopes] of scopesBySubgraph(loaded)) {
      const declaration = declared.get(subgraph) ?? {};
      needs.set(subgraph, {
        full: declaration.claims === 'full',
        scopes,
        villageRule: declaration.villageRule === true,
      });
    }
    for (const [subgraph, declaration] of declared)
      if (!needs.has(subgraph))
        needs.set(subgraph, {
          full: declaration.claims === 'full',
          scopes: new Set(),
          villageRule: declaration.villageRule === true,
        });
    this.needs = needs;
  }

  claimsFor(subgraph: string, claims: CallerClaims): CallerClaims {
    if (CORE_SUBGRAPHS.has(subgraph)) return claims;
    const needs = this.needs.get(subgraph) ?? { full: false, scopes: new Set<string>(), villageRule: false };
    if (needs.full) return claims;
    const scopes = claims.scopes.filter(
      (scope) => needs.scopes.has(scope) || (needs.villageRule && scope === Scope.ALL_VILLAGES),
    );
    let key = this.keys.get(subgraph);
    if (!key) this.keys.set(subgraph, (key = pseudonymKey(this.gatewaySecret, subgraph)));
    return {
      ...claims,
      // The anonymous caller stays recognisable as such: the partner refuses it as before.
      subject: claims.subject === ANONYMOUS_SUBJECT ? ANONYMOUS_SUBJECT : pseudonymousSubject(claims.subject, key),
      agency: '',
      roles: [],
      scopes,
      villages: needs.villageRule ? claims.villages : [],
    };
  }
}
