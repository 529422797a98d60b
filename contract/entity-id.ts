/**
 * The opaque `id` of every entity a client caches. Apollo Client normalises by `__typename` and
 * `id`, so an id must be the same for every caller and must never reveal a key: the natural
 * keys (NIK, KPJ, JKN card number) are personal data, and a NIK is masked for some roles, so a
 * cache keyed by what the caller sees would merge different people.
 *
 * The id is an HMAC-SHA-256 of the type name and the natural key under a server-side secret
 * (ENTITY_ID_SECRET, see contract/settings.ts), cut to 128 bits and written in base64url. Without the secret a
 * NIK's id cannot be computed, so the small NIK space cannot be searched for a match; with it,
 * every subgraph and every process gives one entity one id. Federation still joins entities by
 * their natural keys (`@key(fields: "nik")`); the id is for clients only.
 */
import { createHmac } from 'node:crypto';
import { ClassType, FieldResolver, ID, Resolver, Root } from 'type-graphql';
import { NotPersonalData } from './access';

/** Set when a subgraph starts, from its settings: ids are computed inside resolvers, and one process gives one entity one id. */
let secret: string | undefined;
export function useEntityIdSecret(entityIdSecret: string): void {
  secret = entityIdSecret;
}

export function entityId(typename: string, key: string): string {
  if (!secret)
    throw new Error(
      "Entity ids are keyed by a started subgraph's ENTITY_ID_SECRET: start the subgraph first (startSubgraph)",
    );
  return createHmac('sha256', secret).update(`${typename}\u0000${key}`).digest().subarray(0, 16).toString('base64url');
}

export const ENTITY_ID_DESCRIPTION =
  'Opaque, stable identifier for client caches: the same for every caller, revealing no key. Federation joins by the natural key instead.';

/** Adds `id: ID!` to an entity type from its natural key, without touching the entity's class. */
export function entityIdResolver<T extends object>(type: ClassType<T>, keyOf: (entity: T) => string): ClassType {
  @Resolver(() => type)
  class EntityIdResolver {
    @FieldResolver(() => ID, { description: ENTITY_ID_DESCRIPTION })
    @NotPersonalData()
    id(@Root() entity: T): string {
      return entityId(type.name, keyOf(entity));
    }
  }
  Object.defineProperty(EntityIdResolver, 'name', { value: `${type.name}IdResolver` });
  return EntityIdResolver;
}
