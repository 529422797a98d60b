/**
 * The browser pages the gateway serves beside the API, built from npm packages into dist/browser
 * by `npm run build` (gateway/browser-pages/assets/build.mjs): `/explorer`, a bundled GraphiQL for networks
 * where Apollo's Sandbox cannot load, and `/dashboard`, the city officer's figures. Each page
 * loads only its own script and style from this gateway and talks only to its `/graphql`.
 */
import fs from 'node:fs';
import type http from 'node:http';
import path from 'node:path';
import type { ExplorerDefaults } from '../sandbox/sandbox';
import { DASHBOARD_PATH, EXPLORER_PATH } from './page-paths';

export { DASHBOARD_PATH, EXPLORER_PATH };

const TYPES: Record<string, string> = { '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8' };
// Nothing leaves for another origin; GraphiQL and uPlot set inline styles on their elements.
const POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; frame-ancestors 'none'";

/** JSON inside a <script type="application/json">: `<` escaped so no text closes the element. */
const embedded = (value: unknown) => JSON.stringify(value).replace(/</g, '\\u003c');

function page(title: string, bundle: string, rootId: string, config: unknown, style = ''): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<link rel="stylesheet" href="${bundle}.css">
<style>${style}</style>
</head>
<body>
<div id="${rootId}"></div>
<script type="application/json" id="page-config">${embedded(config)}</script>
<script src="${bundle}.js"></script>
</body>
</html>
`;
}

const DASHBOARD_STYLE = `body { font-family: system-ui, sans-serif; margin: 1.5rem; color: #222; }
h1 { font-size: 1.4rem; } #dashboard { max-width: 920px; }
.summary { display: flex; gap: 2rem; margin-bottom: 1rem; } .summary div { display: flex; flex-direction: column; }
.summary strong { font-size: 1.6rem; } table { border-collapse: collapse; margin: 0.5rem 0 1.5rem; }
th, td { padding: 0.15rem 0.6rem; text-align: right; border-bottom: 1px solid #ddd; } th[scope=row], caption { text-align: left; }
caption { font-weight: 600; } .gauge meter { width: 260px; } .gauge label { display: block; }`;

/** `projectRoot` holds dist/browser, where `npm run build` puts the pages' scripts and styles. */
export function browserPages(production: boolean, defaults: ExplorerDefaults, projectRoot: string) {
  const assetsFolder = path.join(projectRoot, 'dist', 'browser');
  const explorer = page(
    'Ambon coverage federation: explorer',
    `${EXPLORER_PATH}/explorer`,
    'explorer',
    {
      endpoint: '/graphql',
      document: defaults.document,
      variables: defaults.variables,
      headers: production ? { Authorization: 'Bearer <paste your token>' } : defaults.headers,
    },
    'html, body, #explorer { height: 100%; margin: 0; }',
  );
  const dashboard = page(
    'Kota Ambon: social-security coverage',
    `${DASHBOARD_PATH}/dashboard`,
    'dashboard',
    {
      endpoint: '/graphql',
      // Development signs in with an analyst's token; production always starts signed out.
      token: defaults.headers.Authorization?.replace(/^Bearer /, '') ?? null,
      regency: '81.71',
      asOf: '2021-11-30',
      from: '2020-01-01',
      until: '2021-12-31',
    },
    DASHBOARD_STYLE,
  );
  const pages: Record<string, string> = { [EXPLORER_PATH]: explorer, [DASHBOARD_PATH]: dashboard };
  const assets: Record<string, string> = {
    [`${EXPLORER_PATH}/explorer.js`]: 'explorer.js',
    [`${EXPLORER_PATH}/explorer.css`]: 'explorer.css',
    [`${DASHBOARD_PATH}/dashboard.js`]: 'dashboard.js',
    [`${DASHBOARD_PATH}/dashboard.css`]: 'dashboard.css',
  };
  return async (_request: http.IncomingMessage, response: http.ServerResponse, url: URL): Promise<boolean> => {
    const html = pages[url.pathname.replace(/\/$/, '')];
    if (html) {
      response.writeHead(200, {
        'content-type': 'text/html; charset=utf-8',
        'content-security-policy': POLICY,
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
      });
      response.end(html);
      return true;
    }
    const asset = assets[url.pathname];
    if (!asset) return false;
    const file = path.join(assetsFolder, asset);
    if (!fs.existsSync(file)) {
      response.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' });
      response.end(`${asset} has not been built: run npm run build.`);
      return true;
    }
    response.writeHead(200, {
      'content-type': TYPES[path.extname(file)],
      'x-content-type-options': 'nosniff',
      'cache-control': 'no-cache',
    });
    fs.createReadStream(file).pipe(response);
    return true;
  };
}
