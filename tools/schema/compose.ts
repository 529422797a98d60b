/**
 * `npm run compose`: brings every subgraph's SDL in the registry (schema/subgraphs.json) up to
 * date in schema/<name>.graphql (printed from this repository's code, or asked of a running
 * partner service with `{ _service { sdl } }`, or left as the checked-in file) and composes
 * schema/supergraph.graphql with @apollo/composition, then publishes the API clients see through
 * the gateway as schema/api.graphql (no federation directives: what codegen and editors read).
 * Composition errors are printed one per line, and the exit code is 1. Before anything is written
 * the new graph is checked against the one served now, exactly as `npm run check` checks one
 * subgraph (see runCompose). The supergraph is written atomically, as a running gateway reloads it
 * as soon as it changes.
 */
import 'reflect-metadata';
import fs from 'node:fs';
import path from 'node:path';
import { checkComposed, formatReport, passes } from './check';
import {
  API_SCHEMA_PATH,
  apiSdl,
  composeRegistry,
  fetchServiceSdl,
  generatedSdls,
  readRegistry,
  REGISTRY_PATH,
  root,
  SUPERGRAPH_PATH,
  writeAtomically,
} from './composition';
import { MANIFEST_PATH, manifestText } from './persisted-queries';
import type { CallerSigningKey } from '../../contract/caller-keys';
export * from './composition';

export interface ComposeOptions {
  /** Where the registry's `sdl` paths are relative to; the project root when not given. */
  root?: string;
  registryPath?: string;
  /** The supergraph the gateway serves now: what the change is checked against, and what is replaced. */
  supergraphPath?: string;
  apiSchemaPath?: string;
  operationsDirectory?: string;
  manifestPath?: string;
  /** Writes despite breaking changes and broken operations (still reported); never despite a failed composition. */
  acceptBreaking?: boolean;
  /** What requests for a running partner's SDL are signed with; the caller signing key from the tool's settings when not given. */
  signer?: string | CallerSigningKey;
}

/**
 * All or nothing: every SDL is gathered first (a partner that cannot be reached keeps its last
 * registered SDL, with a warning), composed, and checked against the supergraph served now;
 * only when all of it passes is anything written, the partners' SDL files included.
 */
export async function runCompose(options: ComposeOptions = {}): Promise<{ exitCode: number; output: string }> {
  const base = options.root ?? root;
  const supergraphPath = options.supergraphPath ?? SUPERGRAPH_PATH;
  // The client API sits beside the supergraph it is printed from.
  const apiSchemaPath =
    options.apiSchemaPath ??
    (options.supergraphPath ? path.join(path.dirname(supergraphPath), 'api.graphql') : API_SCHEMA_PATH);
  const registry = readRegistry(options.registryPath ?? REGISTRY_PATH);
  const lines: string[] = [];
  const sdls = await generatedSdls(registry, base);
  for (const entry of registry.filter((e) => e.fetchFrom)) {
    const file = path.join(base, entry.sdl);
    try {
      sdls.set(file, await fetchServiceSdl(entry.name, entry.fetchFrom!, options.signer));
    } catch (error) {
      const { message, cause } = error as { message?: string; cause?: { message?: string; code?: string } };
      const reason = [message ?? String(error), cause?.code ?? cause?.message].filter(Boolean).join(': ');
      if (!fs.existsSync(file))
        return {
          exitCode: 1,
          output: `✗ ${entry.name} could not be reached at ${entry.fetchFrom} (${reason}), and has no registered SDL (${entry.sdl}) to keep.`,
        };
      lines.push(
        `! ${entry.name} could not be reached at ${entry.fetchFrom} (${reason}); keeping its last registered SDL (${entry.sdl}).`,
      );
    }
  }
  const composition = composeRegistry(registry, sdls, base);
  if (!composition.ok) {
    lines.push(
      `Composition failed with ${composition.errors.length} error(s); nothing was written:`,
      ...composition.errors.map((error) => `  - ${error}`),
    );
    return { exitCode: 1, output: lines.join('\n') };
  }
  if (fs.existsSync(supergraphPath)) {
    const report = await checkComposed({
      name: 'graph',
      joins: false,
      registry,
      proposedSupergraphSdl: composition.supergraphSdl,
      currentSupergraphSdl: fs.readFileSync(supergraphPath, 'utf8'),
      operationsDirectory: options.operationsDirectory,
      manifestPath: options.manifestPath,
      root: base,
    });
    if (!passes(report)) {
      lines.push(
        formatReport(
          report,
          `Checking the composed graph against the one served now (${path.relative(base, supergraphPath)}).`,
        ),
      );
      if (!options.acceptBreaking) {
        lines.push(
          '',
          'Nothing was written. Fix the changes above, or, for a break agreed with its clients and owners, run `npm run compose -- --accept-breaking`.',
        );
        return { exitCode: 1, output: lines.join('\n') };
      }
      lines.push('', '--accept-breaking: writing the graph despite the changes above.');
    }
  }
  for (const [file, sdl] of sdls) fs.writeFileSync(file, sdl);
  writeAtomically(supergraphPath, composition.supergraphSdl);
  writeAtomically(apiSchemaPath, await apiSdl(composition.supergraphSdl));
  lines.push(
    `Composed ${registry.length} subgraphs (${registry.map((e) => e.name).join(', ')}) into ${path.relative(base, supergraphPath)}; client API in ${path.relative(base, apiSchemaPath)}`,
  );
  if (base === root && !options.supergraphPath) {
    // Atomically too: a safelisting gateway reloads the manifest as soon as it changes.
    writeAtomically(MANIFEST_PATH, await manifestText());
    // The example frontend's typed documents follow the API it is built against.
    // Loaded only here: the codegen CLI pulls in ES modules that the tests importing this file cannot load.
    const { generate } = await import('@graphql-codegen/cli');
    const { default: exampleCodegen } = await import('../../examples/frontend/codegen');
    await generate({ ...exampleCodegen, silent: true }, true);
    lines.push(`Trusted documents in ${path.relative(root, MANIFEST_PATH)}`);
  }
  return { exitCode: 0, output: lines.join('\n') };
}

if (require.main === module) {
  runCompose({ acceptBreaking: process.argv.includes('--accept-breaking') })
    .then(({ exitCode, output }) => {
      (exitCode ? console.error : console.log)(output);
      process.exit(exitCode);
    })
    .catch((error) => {
      console.error(`npm run compose could not run: ${error instanceof Error ? error.message : error}`);
      process.exit(2);
    });
}
