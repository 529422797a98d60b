/**
 * Declaring access once, where a field is defined: `@RequiresScopes(...)` writes the federation
 * `@requiresScopes` directive into the subgraph's SDL. The composed supergraph carries it and the
 * gateway enforces it; the subgraph reads the same directive from its own SDL and checks every
 * operation it receives against it (`access-rules.ts`, run by the shared bootstrap), on every
 * path that reaches the field, `_entities` included.
 *
 *   @RequiresScopes(Scope.WORKERS_READ)                        one scope
 *   @RequiresScopes(Scope.WORKERS_READ, Scope.COVERAGE_READ)   either of them
 *   @RequiresScopes([Scope.COVERAGE_READ, Scope.BUDGET_READ])  both of them
 */
import { Directive } from 'type-graphql';
import { Caller } from './caller';
import { forbidden } from '../platform/errors';
import { NOT_PERSONAL, PERSONAL_DATA_TAG, PersonalDataKind } from './personal-data';
import { Scope } from './scopes';

type FieldDecorator = MethodDecorator & PropertyDecorator;

export function RequiresScopes(...anyOf: (Scope | Scope[])[]): FieldDecorator {
  const alternatives = anyOf.map((alternative) => (Array.isArray(alternative) ? alternative : [alternative]));
  return Directive(`@requiresScopes(scopes: ${JSON.stringify(alternatives)})`) as FieldDecorator;
}

/** Any verified caller, whatever their scopes. */
export function Authenticated(): FieldDecorator {
  return Directive('@authenticated') as FieldDecorator;
}

/**
 * Personal data in the sense of UU 27/2022. For callers without `personal-data:read` the subgraph
 * masks the value in its own answers (e.g. "8171********0003", subgraphs/kit/owner-masking.ts), and
 * the gateway, reading the tag in the supergraph, masks it again in what the client receives. A
 * key field (a NIK) stays clear for a gateway that masks at its edge, so it can join subgraphs.
 */
export function PersonalData(kind: PersonalDataKind): FieldDecorator {
  return Directive(`@tag(name: "${PERSONAL_DATA_TAG}/${kind}")`) as FieldDecorator;
}

/** The owner's decision that a field says nothing about a person, so the check stops asking for one (see NOT_PERSONAL). */
export function NotPersonalData(): FieldDecorator {
  return Directive(`@tag(name: "${PERSONAL_DATA_TAG}/${NOT_PERSONAL}")`) as FieldDecorator;
}

/** The village rule of outreach officers, checked wherever a person's record is reached. */
export function requireVillage(caller: Caller, villageCode: string | undefined, what: string): void {
  if (villageCode === undefined || !caller.seesVillage(villageCode)) {
    throw forbidden(`${what} lies outside the villages you are assigned to.`);
  }
}
