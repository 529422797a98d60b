import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { ApolloProvider } from '@apollo/client/react';
import { App } from './App';
import { createClient } from './client';

// The page is opened as #token=...&nik=...&village=...&allocation=... (a real app signs in instead).
const params = new URLSearchParams(window.location.hash.slice(1));
const client = createClient(
  import.meta.env.VITE_GATEWAY_URL ?? 'http://localhost:4000/graphql',
  params.get('token') ?? '',
);

// For the browser test and for curious developers: what the normalised cache holds.
Object.assign(window, {
  apolloClient: client,
  cacheKeys: () => Object.keys(client.cache.extract() as object),
});

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ApolloProvider client={client}>
      <App nik={params.get('nik')} village={params.get('village')} allocation={params.get('allocation')} />
    </ApolloProvider>
  </StrictMode>,
);
