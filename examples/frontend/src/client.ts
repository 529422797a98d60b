/**
 * The Apollo Client a city dashboard would use: InMemoryCache with no typePolicies (every entity
 * has an opaque `id`), the operations sent by their id in the persisted query manifest (so the
 * same build runs against a safelisting production gateway), queries by id over GET (so reference
 * data can be cached by the browser and a CDN), and the app named in Apollo's client headers.
 */
import { ApolloClient, HttpLink, InMemoryCache } from '@apollo/client';
import { PersistedQueryLink } from '@apollo/client/link/persisted-queries';
import { generatePersistedQueryIdsFromManifest } from '@apollo/persisted-query-lists';
import manifest from '../../../schema/persisted-query-manifest.json';

export function createClient(gatewayUrl: string, token: string) {
  const persisted = new PersistedQueryLink({
    ...generatePersistedQueryIdsFromManifest({ loadManifest: () => manifest }),
    useGETForHashedQueries: true,
  });
  const http = new HttpLink({
    uri: gatewayUrl,
    // A GET must show it is not a form post (Apollo Server's CSRF prevention).
    headers: { authorization: `Bearer ${token}`, 'apollo-require-preflight': 'true' },
  });
  return new ApolloClient({
    cache: new InMemoryCache(),
    link: persisted.concat(http),
    clientAwareness: { name: 'coverage-dashboard-example', version: '1.0.0' },
  });
}
