/**
 * The read audit of personal data that subgraphs without an audit of their own serve: a partner
 * marks a field `@tag(name: "personal-data/<kind>")`, and every read of it through the graph is
 * recorded in population's read audit (UU 27/2022), under the reader, the client operation, the
 * serving subgraph and the fields read. The gateway does it because it alone sees every answer
 * a partner gives and holds the key that signs for the caller; a partner cannot leave a read
 * out.
 *
 * A read names its person: each marked field is reached through a `Worker`, whose key is the
 * NIK. The gateway adds `_auditNik_<random>: nik` to the partner's share of the query wherever a Worker
 * encloses a marked field, reads it from the answer and takes it out again. A marked field with
 * no Worker around it cannot be attributed, so the fetch is refused (and `npm run check` refuses
 * such a schema before it is served: owner-guards.ts).
 *
 * The reads of one client request are recorded before its response leaves; if population cannot
 * take them, the response is replaced by an AUDIT_UNAVAILABLE error: no unaudited read leaves.
 */
import '../../platform/no-telemetry';
import {
  FieldNode,
  FragmentDefinitionNode,
  getNamedType,
  GraphQLError,
  GraphQLNamedType,
  GraphQLSchema,
  isAbstractType,
  isCompositeType,
  isListType,
  isNonNullType,
  isObjectType,
  Kind,
  OperationDefinitionNode,
  parse,
  print,
  SelectionNode,
  SelectionSetNode,
} from 'graphql';
import { randomBytes } from 'node:crypto';
import { GraphQLDataSource, GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { GraphQLDataSourceRequestKind } from '@apollo/gateway/dist/datasources/types';
import type { ApolloServerPlugin } from '@apollo/server';
import { ANONYMOUS_SUBJECT, CALLER_HEADER, CallerClaims, operationDigest, signCaller } from '../../contract/caller';
import type { CallerSigningKey } from '../../contract/caller-keys';
import { PERSON_TYPE, PersonalDataKind, SUBGRAPHS_WITH_THEIR_OWN_READ_AUDIT } from '../../contract/personal-data';
import { parseNik } from '../../domain/nik';
import { ErrorCode } from '../../platform/errors';
import type { GatewayContext } from '../caller-forwarding/caller-forwarding';

const PERSON_KEY = 'nik';
// A client names its own aliases, and the planner passes them on: this one no client can guess.
const AUDIT_ALIAS = `_auditNik_${randomBytes(6).toString('hex')}`;
// Where no Worker encloses a marked field, its type may name its Worker (JknMembership.holder): asked under this alias.
const HOLDER_ALIAS = `_auditHolder_${randomBytes(6).toString('hex')}`;
const MAX_PLANS = 2_000;
const RECORD =
  'mutation RecordTaggedFieldReads($niks: [String!]!, $subgraph: String, $fields: [String!]) { recordPersonReads(niks: $niks, subgraph: $subgraph, fields: $fields) }';

/** What a partner's share of a query reads: the query as sent (with the audit's NIKs added), or none when it reads no marked field. */
interface AuditedFetch {
  query: string;
  operation: OperationDefinitionNode;
}

type Reads = Map<string, Map<string, Set<string>>>;

/** The partner's share is withheld; the client learns whose share it was, as for any subgraph's refusal. */
const auditUnavailable = (message: string, subgraph: string) =>
  new GraphQLError(message, { extensions: { code: ErrorCode.AUDIT_UNAVAILABLE, subgraph } });

export class PartnerReadAudit {
  private readonly plans = new Map<string, AuditedFetch | null>();
  private readonly reads = new WeakMap<object, Reads>();
  private schema?: GraphQLSchema;
  private personal: ReadonlyMap<string, PersonalDataKind> = new Map();

  constructor(
    private readonly recorder: {
      url: () => string | undefined;
      signer: CallerSigningKey;
      ttlSeconds: number;
      timeoutMs: number;
    },
  ) {}

  /** The API schema and its marked fields, on every supergraph load; plans made for the last one are dropped. */
  update(schema: GraphQLSchema, personal: ReadonlyMap<string, PersonalDataKind>): void {
    this.schema = schema;
    this.personal = personal;
    this.plans.clear();
  }

  wrap(subgraph: string, source: GraphQLDataSource): GraphQLDataSource {
    if (SUBGRAPHS_WITH_THEIR_OWN_READ_AUDIT.has(subgraph)) return source;
    return { process: (options) => this.process(subgraph, source, options) };
  }

  private async process(subgraph: string, source: GraphQLDataSource, options: GraphQLDataSourceProcessOptions) {
    const query = options.request.query;
    if (options.kind !== GraphQLDataSourceRequestKind.INCOMING_OPERATION || !query) return source.process(options);
    const plan = this.planFor(query, subgraph);
    if (!plan) return source.process(options);
    const response = await source.process({
      ...options,
      request: { ...options.request, query: plan.query },
    } as GraphQLDataSourceProcessOptions);
    if (response.data) {
      let reads = this.reads.get(options.context);
      if (!reads) this.reads.set(options.context, (reads = new Map()));
      let bySubgraph = reads.get(subgraph);
      if (!bySubgraph) reads.set(subgraph, (bySubgraph = new Map()));
      this.collect(response.data, plan.operation, bySubgraph, subgraph);
    }
    return response;
  }

  /** Null when the query reads no marked field; throws when it reads one that no Worker encloses. */
  private planFor(query: string, subgraph: string): AuditedFetch | null {
    const known = this.plans.get(query);
    if (known !== undefined) return known;
    const document = parse(query);
    const fragments = new Map<string, FragmentDefinitionNode>();
    for (const definition of document.definitions)
      if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
    const operation = document.definitions.find(
      (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
    )!;
    const root = this.schema?.getRootType(operation.operation);
    let marked = false;
    let unattributed: string | undefined;

    // Rewrites a selection set: fragments inlined, the person's NIK added where a Worker encloses a marked field.
    const rewrite = (
      selectionSet: SelectionSetNode,
      parent: GraphQLNamedType | null | undefined,
      enclosed: boolean,
    ): { selectionSet: SelectionSetNode; marked: boolean } => {
      let below = false;
      const holder = enclosed ? undefined : holderField(parent);
      const underPerson = enclosed || holder !== undefined;
      const selections: SelectionNode[] = [];
      for (const selection of selectionSet.selections) {
        if (selection.kind === Kind.FIELD) {
          const coordinate = parent ? `${parent.name}.${selection.name.value}` : undefined;
          if (coordinate && this.personal.has(coordinate)) {
            below = true;
            if (!underPerson) unattributed ??= coordinate;
          }
          if (!selection.selectionSet) {
            selections.push(selection);
            continue;
          }
          const field = parent && 'getFields' in parent ? parent.getFields()[selection.name.value] : undefined;
          const type = field ? getNamedType(field.type) : null;
          const inner = rewrite(
            selection.selectionSet,
            type && isCompositeType(type) ? type : null,
            underPerson || type?.name === PERSON_TYPE,
          );
          below ||= inner.marked;
          selections.push({ ...selection, selectionSet: inner.selectionSet });
        } else {
          const fragment = selection.kind === Kind.FRAGMENT_SPREAD ? fragments.get(selection.name.value) : undefined;
          const condition = selection.kind === Kind.INLINE_FRAGMENT ? selection.typeCondition : fragment?.typeCondition;
          const type = condition ? this.schema?.getType(condition.name.value) : parent;
          const inner = rewrite(
            selection.kind === Kind.INLINE_FRAGMENT ? selection.selectionSet : fragment!.selectionSet,
            type,
            underPerson || type?.name === PERSON_TYPE,
          );
          below ||= inner.marked;
          selections.push({
            kind: Kind.INLINE_FRAGMENT,
            typeCondition: condition,
            directives: selection.directives,
            selectionSet: inner.selectionSet,
          });
        }
      }
      if (below && parent?.name === PERSON_TYPE) selections.push(auditKeyField);
      if (below && holder) selections.push(holderKeyField(holder));
      marked ||= below;
      return { selectionSet: { ...selectionSet, selections }, marked: below };
    };

    const rewritten = rewrite(operation.selectionSet, root, false);
    if (unattributed)
      throw auditUnavailable(
        `${unattributed} is marked personal data but reached through no Worker, so its read could not be audited.`,
        subgraph,
      );
    const plan = marked ? { operation: { ...operation, selectionSet: rewritten.selectionSet }, query: '' } : null;
    if (plan) plan.query = print({ kind: Kind.DOCUMENT, definitions: [plan.operation] });
    // Subgraph queries follow client operations, which a client chooses: the memo is bounded.
    if (this.plans.size >= MAX_PLANS) this.plans.delete(this.plans.keys().next().value!);
    this.plans.set(query, plan);
    return plan;
  }

  /** Records each marked value in the answer under the NIK of the Worker around it, taking the added NIKs out. */
  private collect(
    data: Record<string, unknown>,
    operation: OperationDefinitionNode,
    reads: Map<string, Set<string>>,
    subgraph: string,
  ): void {
    const walk = (
      value: unknown,
      parent: GraphQLNamedType | null | undefined,
      selectionSet: SelectionSetNode,
      nik: string | undefined,
    ): void => {
      if (Array.isArray(value)) return value.forEach((item) => walk(item, parent, selectionSet, nik));
      if (!value || typeof value !== 'object') return;
      const object = value as Record<string, unknown>;
      const typename = typeof object.__typename === 'string' ? object.__typename : undefined;
      if (parent?.name === PERSON_TYPE && AUDIT_ALIAS in object) {
        nik = String(object[AUDIT_ALIAS]);
        delete object[AUDIT_ALIAS];
      }
      if (HOLDER_ALIAS in object) {
        const named = object[HOLDER_ALIAS] as { [PERSON_KEY]?: unknown } | null;
        nik = named?.[PERSON_KEY] === undefined ? undefined : String(named[PERSON_KEY]);
        delete object[HOLDER_ALIAS];
      }
      for (const selection of selectionSet.selections) {
        if (selection.kind === Kind.FIELD) {
          const key = selection.alias?.value ?? selection.name.value;
          if (object[key] === null || object[key] === undefined) continue;
          const coordinate = parent ? `${parent.name}.${selection.name.value}` : undefined;
          if (coordinate && this.personal.has(coordinate)) {
            // The partner's answer left out the NIK asked for: its marked value is not passed on unrecorded.
            // Population records well-formed NIKs only: a made-up one would let the read go unrecorded.
            if (!nik || !parseNik(nik).ok)
              throw auditUnavailable(
                `${coordinate} came back without a valid NIK for its Worker, so its read could not be audited.`,
                subgraph,
              );
            let fields = reads.get(nik);
            if (!fields) reads.set(nik, (fields = new Set()));
            fields.add(coordinate);
          }
          if (!selection.selectionSet) continue;
          const field = parent && 'getFields' in parent ? parent.getFields()[selection.name.value] : undefined;
          walk(object[key], field ? getNamedType(field.type) : null, selection.selectionSet, nik);
        } else if (selection.kind === Kind.INLINE_FRAGMENT) {
          const condition = selection.typeCondition?.name.value;
          if (condition && typename && condition !== typename && !isAbstractType(this.schema?.getType(condition)))
            continue;
          walk(object, condition ? this.schema?.getType(condition) : parent, selection.selectionSet, nik);
        }
      }
    };
    walk(data, this.schema?.getRootType(operation.operation), operation.selectionSet, undefined);
  }

  /** Records the request's reads in population's audit, or fails the response when it cannot. */
  plugin(): ApolloServerPlugin<GatewayContext> {
    return {
      requestDidStart: async () => ({
        willSendResponse: async ({ contextValue, response, request, operationName }) => {
          const reads = this.reads.get(contextValue);
          if (!reads || response.body.kind !== 'single') return;
          this.reads.delete(contextValue);
          try {
            await this.record(reads, contextValue, operationName ?? request.operationName ?? null);
          } catch (error) {
            contextValue.log?.error(
              `the read audit could not record a partner read, so the response is withheld: ${error instanceof Error ? error.message : String(error)}`,
            );
            response.body.singleResult = {
              errors: [
                new GraphQLError(
                  'The read audit could not record this read of personal data, so it is not answered. Try again shortly.',
                  { extensions: { code: ErrorCode.AUDIT_UNAVAILABLE } },
                ),
              ],
            };
          }
        },
      }),
    };
  }

  private async record(reads: Reads, context: GatewayContext, operationName: string | null): Promise<void> {
    const url = this.recorder.url();
    if (!url) throw new Error('population, which keeps the read audit, is not in the served graph');
    const identity = context.identity ?? {
      subject: ANONYMOUS_SUBJECT,
      agency: '',
      roles: [],
      scopes: [],
      villages: [],
    };
    const claims: CallerClaims = { ...identity, operationName, requestId: context.requestId };
    for (const [subgraph, byNik] of reads) {
      // Persons read for the same fields go together: usually one call per partner.
      const groups = new Map<string, string[]>();
      for (const [nik, fields] of byNik) {
        const key = [...fields].sort().join(' ');
        groups.set(key, [...(groups.get(key) ?? []), nik]);
      }
      for (const [fields, niks] of groups) {
        const variables = { niks, subgraph, fields: fields.split(' ') };
        const assertion = await signCaller(
          claims,
          'population',
          this.recorder.signer,
          this.recorder.ttlSeconds,
          operationDigest(RECORD, variables),
        );
        const answer = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', [CALLER_HEADER]: assertion },
          body: JSON.stringify({ query: RECORD, variables }),
          signal: AbortSignal.timeout(this.recorder.timeoutMs),
        });
        const body = (await answer.json()) as { data?: { recordPersonReads?: number }; errors?: { message: string }[] };
        if (!answer.ok || body.data?.recordPersonReads !== niks.length)
          throw new Error(
            `population recorded ${body.data?.recordPersonReads ?? 'none'} of ${niks.length} reads: ${body.errors?.[0]?.message ?? answer.status}`,
          );
      }
    }
  }
}

const auditKeyField: FieldNode = {
  kind: Kind.FIELD,
  alias: { kind: Kind.NAME, value: AUDIT_ALIAS },
  name: { kind: Kind.NAME, value: PERSON_KEY },
};
const holderKeyField = (field: string): FieldNode => ({
  kind: Kind.FIELD,
  alias: { kind: Kind.NAME, value: HOLDER_ALIAS },
  name: { kind: Kind.NAME, value: field },
  selectionSet: {
    kind: Kind.SELECTION_SET,
    selections: [{ kind: Kind.FIELD, name: { kind: Kind.NAME, value: PERSON_KEY } }],
  },
});

/** The field by which a type names its person, if it has one (owner-guards.ts accepts marks on such a type). */
const ROOT_TYPES = new Set(['Query', 'Mutation', 'Subscription']);

function holderField(type: GraphQLNamedType | null | undefined): string | undefined {
  // A root type's Worker fields (a roster, a lookup) name many people or whom the caller asked: no holder.
  if (!type || !isObjectType(type) || type.name === PERSON_TYPE || ROOT_TYPES.has(type.name)) return undefined;
  return Object.values(type.getFields()).find(
    (field) =>
      getNamedType(field.type).name === PERSON_TYPE &&
      field.args.length === 0 &&
      !isListType(isNonNullType(field.type) ? field.type.ofType : field.type),
  )?.name;
}
