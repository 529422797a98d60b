#!/usr/bin/env node
/**
 * `npm run build`, and what every tool runs first: compiles the TypeScript and bundles the browser
 * pages only when a source is newer than the last build, so `npm run -s token`, `check`,
 * `compose`, `caller-key` and `registry` start in about a second when nothing changed (a no-op
 * `tsc` still reads every file: 6 to 60 s depending on the machine's load). `--force` builds anyway.
 * Plain JavaScript, so it runs before anything is compiled.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const force = process.argv.includes('--force');
const quiet = process.argv.includes('--silent');

/** The newest modification time under `entries` (files or folders), skipping what is built or installed. */
function newest(entries, accept) {
  let latest = 0;
  const visit = (full) => {
    let stat;
    try {
      stat = fs.statSync(full);
    } catch {
      return; // a listed folder that does not exist holds nothing newer
    }
    if (stat.isDirectory()) {
      for (const name of fs.readdirSync(full))
        if (!['node_modules', 'dist', '.data', 'artifacts'].includes(name)) visit(path.join(full, name));
    } else if (accept(full)) latest = Math.max(latest, stat.mtimeMs);
  };
  for (const entry of entries) visit(path.join(root, entry));
  return latest;
}

const builtAt = (file) => (fs.existsSync(file) ? fs.statSync(file).mtimeMs : 0);
const run = (args) => execFileSync(process.execPath, args, { cwd: root, stdio: 'inherit' });

const tsconfig = JSON.parse(fs.readFileSync(path.join(root, 'tsconfig.json'), 'utf8'));
const typescriptSources = newest([...tsconfig.include, 'tsconfig.json', 'package-lock.json'], (file) =>
  /\.(ts|tsx|json)$/.test(file),
);
// A stamp of our own: tsc's build info is also rewritten by `tsc --noEmit`, which builds nothing.
const stamp = path.join(root, 'dist', '.built-at');
if (force || typescriptSources > builtAt(stamp)) {
  if (!quiet) console.error('Compiling TypeScript (sources changed since the last build)');
  const startedAt = new Date();
  run([path.join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json']);
  // The time the compile started: a source saved while it ran is newer, so the next build runs.
  fs.writeFileSync(stamp, `${startedAt.toISOString()}\n`);
  fs.utimesSync(stamp, startedAt, startedAt);
}

const pageSources = newest(['gateway/browser-pages/assets', 'schema/operations', 'package-lock.json'], () => true);
const pages = path.join(root, 'dist', 'browser', 'explorer.js');
if (force || pageSources > builtAt(pages)) {
  if (!quiet) console.error('Bundling the browser pages');
  run([path.join(root, 'gateway', 'browser-pages', 'assets', 'build.mjs')]);
}
