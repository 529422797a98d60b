/**
 * The owner of personal data masks it itself, whichever gateway serves its answers: a subgraph
 * marks a field `@PersonalData(kind)`, and for a caller whose verified assertion lacks
 * `personal-data:read` this plugin masks the field's values in everything the subgraph answers,
 * with the very masks the gateway uses (contract/personal-data-masking.ts). Our gateway masks
 * again at its edge; the masks are idempotent, so its answers are what they were.
 *
 * Entity keys are the exception that needs a decision. A NIK is personal data and also the key
 * `Worker @key(fields: "nik")` that joins population, membership and health: the gateway reads it
 * from one subgraph's answer and hands it to the next as an `_entities` representation. A masked
 * NIK cannot do that: "8171********0001" is shared by many people (a village roster repeats it),
 * so no subgraph can tell whose card it means. So:
 * - to a signer that says it masks at its edge (`masksPersonalData` in the assertion: our gateway,
 *   and a subgraph calling a peer for its own use), a key is answered in clear, for joining; the
 *   other marked fields are masked all the same, and the gateway masks the key in what the client
 *   receives;
 * - to any other gateway (Hive Gateway with only the caller-assertion plugin) keys are masked like
 *   every marked field, since whatever a subgraph answers, such a gateway may hand the client
 *   verbatim. A join through a key that arrives masked is refused, FORBIDDEN with reason
 *   MASKED_KEY, rather than answered "no card" or, worse, for whoever else the mask fits.
 * A caller with `personal-data:read` gets everything in clear from every gateway.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import { getNamedType, GraphQLSchema, isEnumType, Kind, OperationDefinitionNode, valueFromASTUntyped } from 'graphql';
import type { Caller } from '../../contract/caller';
import { selectedFields } from '../../contract/access-rules';
import type { PersonalDataKind } from '../../contract/personal-data';
import { isMasked, maskResponse, readKeyFields, readPersonalFields } from '../../contract/personal-data-masking';
import { Scope } from '../../contract/scopes';
import { forbidden } from '../../platform/errors';

type Marked = ReadonlyMap<string, PersonalDataKind>;

/** `sdl`: the subgraph's own, so it masks exactly what it marks. */
/**
 * Behind a gateway that masks at its edge, the marked fields whose type has no masked form (an enum
 * such as a claim's cause of death, a number, a flag) are left to that gateway: the subgraph could
 * only answer them null, which a non-null field cannot be, and the gateway masks them in what the
 * client receives. Any other gateway gets them withheld by the subgraph (null, or the field's error).
 */
const textOnly = new WeakMap<GraphQLSchema, Marked>();
function maskedBeforeMaskingGateway(schema: GraphQLSchema, marked: Marked): Marked {
  let fields = textOnly.get(schema);
  if (!fields) {
    fields = new Map(
      [...marked].filter(([coordinate]) => {
        const [typeName, fieldName] = coordinate.split('.');
        const type = schema.getType(typeName);
        const field = type && 'getFields' in type ? type.getFields()[fieldName] : undefined;
        const named = field && getNamedType(field.type);
        return !(named && (isEnumType(named) || ['Int', 'Float', 'Boolean'].includes(named.name)));
      }),
    );
    textOnly.set(schema, fields);
  }
  return fields;
}

export function ownerMaskingPlugin(sdl: string): ApolloServerPlugin<{ caller?: Caller }> {
  const marked = readPersonalFields(sdl);
  const keys = readKeyFields(sdl);
  const isKey = (coordinate: string) => keys.get(coordinate.split('.')[0])?.has(coordinate.split('.')[1]) ?? false;
  const markedKeys: Marked = new Map([...marked].filter(([coordinate]) => isKey(coordinate)));
  const markedButKeys: Marked = new Map([...marked].filter(([coordinate]) => !isKey(coordinate)));
  if (marked.size === 0) return {};
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, operation }) {
          if (operation && markedKeys.size > 0)
            refuseMaskedKeys(representationsOf(operation, request.variables ?? {}), markedKeys);
        },
        async willSendResponse({ schema, document, operation, response, contextValue }) {
          const caller = contextValue.caller;
          if (caller?.has(Scope.PERSONAL_DATA_READ)) return;
          if (response.body.kind !== 'single' || !document || !operation) return;
          const data = response.body.singleResult.data;
          const masked = caller?.claims.masksPersonalData ? maskedBeforeMaskingGateway(schema, markedButKeys) : marked;
          // Most operations select no marked field at all: then there is nothing to walk.
          if (!data || ![...selectedFields(schema, document, operation)].some((field) => masked.has(field))) return;
          maskResponse(schema, document, operation, data, masked);
        },
      };
    },
  };
}

/** The representations `_entities` is asked for, whatever its variable is called or if written inline. */
function representationsOf(operation: OperationDefinitionNode, variables: Record<string, unknown>): unknown[] {
  const found: unknown[] = [];
  for (const selection of operation.selectionSet.selections) {
    if (selection.kind !== Kind.FIELD || selection.name.value !== '_entities') continue;
    const argument = selection.arguments?.find((a) => a.name.value === 'representations')?.value;
    const value = argument ? valueFromASTUntyped(argument, variables) : undefined;
    if (Array.isArray(value)) found.push(...(value as unknown[]));
  }
  return found;
}

function refuseMaskedKeys(representations: unknown[], markedKeys: Marked): void {
  for (const representation of representations as (Record<string, unknown> | null)[]) {
    for (const [coordinate, kind] of markedKeys) {
      const [type, field] = coordinate.split('.');
      if (representation?.__typename !== type || !isMasked(kind, representation[field])) continue;
      throw forbidden(
        `${coordinate} arrived masked, and a masked ${field} names no one: the gateway in front masks no personal data itself, so it is given this key masked for a caller without personal-data:read and cannot join by it.`,
        { reason: 'MASKED_KEY' },
      );
    }
  }
}
