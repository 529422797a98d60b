/**
 * `npx vite build examples/frontend` (from the project root). VITE_GATEWAY_URL says where the
 * gateway is; the app may be served from any other origin (the gateway's CORS allows localhost
 * in development and CORS_ORIGINS in production).
 */
import { defineConfig } from 'vite';

export default defineConfig({
  base: './',
  oxc: { jsx: { runtime: 'automatic', importSource: 'react' } },
  // React, Apollo Client and graphql-js in one bundle: about 590 kB before gzip, expected for an example.
  build: { outDir: process.env.EXAMPLE_OUT_DIR || 'dist', emptyOutDir: true, chunkSizeWarningLimit: 1024 },
});
