// Bundles the explorer (GraphiQL) and the dashboard (uPlot) from their npm packages into
// dist/browser/, which the gateway serves: nothing is fetched from outside at run time.
import { build } from 'esbuild';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const outdir = path.join(here, '..', '..', '..', 'dist', 'browser');

await build({
  entryPoints: { explorer: path.join(here, 'explorer.jsx'), dashboard: path.join(here, 'dashboard.js') },
  bundle: true,
  minify: true,
  format: 'iife',
  target: 'es2020',
  outdir,
  define: { 'process.env.NODE_ENV': '"production"' },
  loader: {
    '.graphql': 'text',
    '.woff': 'dataurl',
    '.woff2': 'dataurl',
    '.ttf': 'dataurl',
    '.svg': 'dataurl',
    '.png': 'dataurl',
  },
  logLevel: 'warning',
});
