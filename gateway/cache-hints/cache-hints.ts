/**
 * Cache-Control for browsers and CDNs, decided at the gateway from what the operation selects.
 *
 * Apollo's `@cacheControl` hints live in each subgraph and reach a gateway only through Apollo's
 * own subgraph protocol; here the gateway already knows every field an operation selects (the
 * access policy reads the same set), so the hints are one table per `Type.field`, kept with the
 * access rules it depends on, and no subgraph has to agree on anything.
 *
 * - A GET query whose every selected field is reference data (regions, APBD allocations, funders,
 *   programme targets) may be cached for the shortest max-age among them. It is `public` when
 *   every one of those fields is open to any signed-in caller (region codes and names are
 *   Kemendagri's published data), `private` when one needs a scope (a budget officer's browser
 *   may keep allocations; a shared cache may not hand them to someone without budget:read).
 * - Everything else is `private, no-store`: any person-level field, audit trails, counts that
 *   move with every enrollment, cursors (sealed to the caller they were issued to), mutations,
 *   POSTs and any answer carrying an error.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import { denials, FieldRule, selectedFields } from '../../contract/access-rules';

const DAY = 86_400;
const FIVE_MINUTES = 300;
/** Connection plumbing adds no limit of its own: the rows it carries decide. */
const ANY = Number.POSITIVE_INFINITY;

/**
 * Seconds a field's value may be reused, by `Type.field`. A field that is not listed makes the
 * answer uncacheable: new fields are private until someone decides otherwise.
 */
export const CACHE_HINTS: Readonly<Record<string, number>> = {
  // Region codes and names change by regulation, a few times a decade.
  'Query.regency': DAY,
  'Query.district': DAY,
  'Query.village': DAY,
  'Query.villages': DAY,
  'Province.id': DAY,
  'Province.code': DAY,
  'Province.name': DAY,
  'Regency.id': DAY,
  'Regency.code': DAY,
  'Regency.name': DAY,
  'Regency.province': DAY,
  'Regency.districts': DAY,
  'District.id': DAY,
  'District.code': DAY,
  'District.name': DAY,
  'District.regency': DAY,
  'District.villages': DAY,
  'Village.id': DAY,
  'Village.code': DAY,
  'Village.name': DAY,
  'Village.kind': DAY,
  'Village.district': DAY,
  'VillageConnection.nodes': ANY,
  'VillageConnection.totalCount': DAY,
  'VillageConnection.edges': ANY,
  'VillageEdge.node': ANY,
  // APBD allocations, funders and targets change when the council amends the budget; what is
  // committed, reserved or realised moves with every enrollment and payment, so it is not listed.
  'Query.allocation': FIVE_MINUTES,
  'Query.allocations': FIVE_MINUTES,
  'Query.funders': FIVE_MINUTES,
  'Query.programmeTarget': FIVE_MINUTES,
  'Query.programmeTargets': FIVE_MINUTES,
  'Allocation.id': FIVE_MINUTES,
  'Allocation.fiscalYear': FIVE_MINUTES,
  'Allocation.legalBasis': FIVE_MINUTES,
  'Allocation.ceiling': FIVE_MINUTES,
  'Allocation.programs': FIVE_MINUTES,
  'Allocation.premiumPerWorkerMonth': FIVE_MINUTES,
  'Allocation.funder': FIVE_MINUTES,
  'Allocation.version': FIVE_MINUTES,
  'Allocation.revisions': FIVE_MINUTES,
  'AllocationRevision.version': FIVE_MINUTES,
  'AllocationRevision.ceiling': FIVE_MINUTES,
  'AllocationRevision.legalBasis': FIVE_MINUTES,
  'AllocationRevision.validSince': FIVE_MINUTES,
  'AllocationRevision.supersededAt': FIVE_MINUTES,
  'AllocationConnection.nodes': ANY,
  'AllocationConnection.edges': ANY,
  'AllocationEdge.node': ANY,
  'Funder.id': FIVE_MINUTES,
  'Funder.name': FIVE_MINUTES,
  'Funder.regency': FIVE_MINUTES,
  'ProgrammeTarget.id': FIVE_MINUTES,
  'ProgrammeTarget.name': FIVE_MINUTES,
  'ProgrammeTarget.owner': FIVE_MINUTES,
  'ProgrammeTarget.areaCode': FIVE_MINUTES,
  'ProgrammeTarget.legalBasis': FIVE_MINUTES,
  'ProgrammeTarget.targetCount': FIVE_MINUTES,
  'ProgrammeTarget.targetDate': FIVE_MINUTES,
  'PageInfo.hasNextPage': ANY,
  'PageInfo.hasPreviousPage': ANY,
};

export const NO_STORE = 'private, no-store';

/** The Cache-Control of an answer selecting `fields`; `openToAnyCaller` says whether none of them needs a scope. */
export function cacheControlFor(fields: Iterable<string>, openToAnyCaller: boolean): string {
  let maxAge = ANY;
  for (const field of fields) {
    const hint = CACHE_HINTS[field];
    if (hint === undefined) return NO_STORE;
    maxAge = Math.min(maxAge, hint);
  }
  if (maxAge === ANY || maxAge <= 0) return NO_STORE;
  return `${openToAnyCaller ? 'public' : 'private'}, max-age=${maxAge}`;
}

/** `currentRules` are the access rules of the supergraph being served: an answer is public only when none of its fields needs a scope. */
export function cacheHintsPlugin(currentRules: () => Map<string, FieldRule>): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ request, response, schema, document, operation, errors }) {
          let policy = NO_STORE;
          const answer = response.body.kind === 'single' ? response.body.singleResult : undefined;
          const cacheable =
            request.http?.method === 'GET' &&
            operation?.operation === 'query' &&
            document &&
            answer &&
            !answer.errors?.length &&
            !errors?.length;
          if (cacheable) {
            const fields = selectedFields(schema, document, operation);
            const openToAnyCaller = !denials(currentRules(), fields, new Set()).some((denial) => denial.needs);
            policy = cacheControlFor(fields, openToAnyCaller);
          }
          response.http.headers.set('cache-control', policy);
        },
      };
    },
  };
}
