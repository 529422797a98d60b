/**
 * Masks personal data on its way out of the gateway for callers without `personal-data:read`.
 * Fields are marked in the subgraphs with `@PersonalData(kind)`, which the supergraph carries as
 * `@tag(name: "personal-data/<kind>")`. The subgraphs mask what they mark too, but a NIK is also
 * the key that joins the population office's records to the insurer's: they hand it to this
 * gateway in clear (it says it masks, `masksPersonalData` in the caller assertion) so it travels
 * between subgraphs intact, and it is masked here, in what the client receives. Masking what a
 * subgraph already masked changes nothing: every mask is idempotent.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import { maskResponse } from '../../contract/personal-data-masking';
import type { PersonalDataKind } from '../../contract/personal-data';
import { selectedFields } from '../../contract/access-rules';
import { Scope } from '../../contract/scopes';
import type { GatewayContext } from '../caller-forwarding/caller-forwarding';

/** Read once per supergraph load (gateway.ts); the walker itself is shared with the subgraphs. */
export { readPersonalFields } from '../../contract/personal-data-masking';

/** `currentPersonalFields` is `readPersonalFields` of the supergraph being served, read once per load by the gateway. */
export function personalDataMaskingPlugin(
  currentPersonalFields: () => ReadonlyMap<string, PersonalDataKind>,
): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ schema, document, operation, response, contextValue }) {
          if (contextValue.identity?.scopes.includes(Scope.PERSONAL_DATA_READ)) return;
          if (response.body.kind !== 'single' || !document || !operation) return;
          const data = response.body.singleResult.data;
          const personal = currentPersonalFields();
          // Most operations select no personal field at all: then there is nothing to walk.
          if (!data || ![...selectedFields(schema, document, operation)].some((field) => personal.has(field))) return;
          maskResponse(schema, document, operation, data, personal);
        },
      };
    },
  };
}
