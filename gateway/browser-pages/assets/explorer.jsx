// The bundled explorer: GraphiQL against this gateway, opened with the example operation and,
// in development, an analyst's token in the Authorization header.
import React from 'react';
import { createRoot } from 'react-dom/client';
import { GraphiQL } from 'graphiql';
import 'graphiql/graphiql.css';
import { graphql, pageConfig } from './page-config';

const config = pageConfig();
const fetcher = (params, options) =>
  graphql(config.endpoint, params.query, params.variables, { ...(options?.headers ?? {}) }).then((body) => body);

createRoot(document.getElementById('explorer')).render(
  <GraphiQL
    fetcher={fetcher}
    query={config.document}
    variables={JSON.stringify(config.variables ?? {}, null, 2)}
    headers={JSON.stringify(config.headers ?? {}, null, 2)}
    isHeadersEditorEnabled
    shouldPersistHeaders={false}
    defaultEditorToolsVisibility="headers"
  />,
);
