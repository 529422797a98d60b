/**
 * Declaring access once, where a field is defined: `@RequiresScopes(...)` both writes the
 * federation `@requiresScopes` directive into the subgraph's SDL (so the composed supergraph
 * carries it and the gateway enforces it) and makes this subgraph check the same rule itself on
 * every path that reaches the field (type-graphql `@Authorized` + the `authChecker` below).
 *
 *   @RequiresScopes(Scope.WORKERS_READ)                        one scope
 *   @RequiresScopes(Scope.WORKERS_READ, Scope.COVERAGE_READ)   either of them
 *   @RequiresScopes([Scope.COVERAGE_READ, Scope.BUDGET_READ])  both of them
 */
import { GraphQLResolveInfo } from 'graphql';
import { AuthCheckerFn, Authorized, Directive } from 'type-graphql';
import { Caller } from './caller';
import { forbidden, unauthenticated } from './errors';
import { Scope } from './scopes';

type FieldDecorator = MethodDecorator & PropertyDecorator;

function both(first: FieldDecorator, second: FieldDecorator): FieldDecorator {
  return (target: object, key: string | symbol, descriptor?: PropertyDescriptor) => {
    first(target, key, descriptor as never);
    second(target, key, descriptor as never);
  };
}

export function RequiresScopes(...anyOf: (Scope | Scope[])[]): FieldDecorator {
  const alternatives = anyOf.map((alternative) => (Array.isArray(alternative) ? alternative : [alternative]));
  return both(
    Directive(`@requiresScopes(scopes: ${JSON.stringify(alternatives)})`) as FieldDecorator,
    // type-graphql hands these strings back to authChecker; a space separates scopes that are all needed.
    Authorized(alternatives.map((all) => all.join(' '))) as FieldDecorator,
  );
}

/** Any verified caller, whatever their scopes. */
export function Authenticated(): FieldDecorator {
  return both(Directive('@authenticated') as FieldDecorator, Authorized() as FieldDecorator);
}

/**
 * Personal data in the sense of UU 27/2022. Tagged in the supergraph, so the gateway masks the
 * value (e.g. "8171********0003") for callers without `personal-data:read`; masking happens
 * there because a NIK is also the key that joins subgraphs and must travel between them intact.
 */
export type PersonalDataKind = 'nik' | 'name' | 'date';
export const PERSONAL_DATA_TAG = 'personal-data';
export function PersonalData(kind: PersonalDataKind): FieldDecorator {
  return Directive(`@tag(name: "${PERSONAL_DATA_TAG}/${kind}")`) as FieldDecorator;
}

export interface AccessContext {
  caller: Caller;
}

const fieldName = (info: GraphQLResolveInfo) => `${info.parentType.name}.${info.fieldName}`;

export const authChecker: AuthCheckerFn<AccessContext> = ({ context, info }, required) => {
  const caller = context.caller;
  if (!caller) throw unauthenticated(`${fieldName(info)} needs an authenticated caller.`);
  if (required.length === 0) return true;
  if (required.some((all) => all.split(' ').every((scope) => caller.has(scope)))) return true;
  throw forbidden(`${fieldName(info)} needs the scope ${required.map((all) => all.split(' ').join(' and ')).join(' or ')}.`, {
    field: fieldName(info),
  });
};

/** The village rule of outreach officers, checked wherever a person's record is reached. */
export function requireVillage(caller: Caller, villageCode: string | undefined, what: string): void {
  if (villageCode === undefined || !caller.seesVillage(villageCode)) {
    throw forbidden(`${what} lies outside the villages you are assigned to.`);
  }
}
