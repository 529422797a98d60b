/**
 * `npm run check -- <name> <sdl-file-or-url>`: tells a subgraph's owner, before anything
 * changes, whether its schema composes with the current graph and what it would break for clients
 * (against schema/supergraph.graphql and the operations in schema/operations/). Exits 1 when it
 * does not compose or would break a client, so a partner's CI can run it.
 */
import 'reflect-metadata';
import fs from 'node:fs';
import path from 'node:path';
import { apiSchemaOf } from '../../platform/graphql/supergraph';
import { readOperations } from '../../platform/graphql/operations';
import { ClientImpact, clientImpact } from './client-impact';
import { OPERATIONS_DIRECTORY } from './operations';
import { composeRegistry, fetchServiceSdl, readRegistry, RegistryEntry, SUPERGRAPH_PATH } from './composition';
import { notPersonalFields, ownerViolations, OwnerViolation } from './owner-guards';
import { MANIFEST_PATH, readManifestOperations } from './persisted-queries';
import { PROJECT_ROOT } from '../../platform/settings';

const root = PROJECT_ROOT;

export { OPERATIONS_DIRECTORY };

export interface CheckRequest {
  name: string;
  sdl: string;
  /** Where a new subgraph would be served; an existing one keeps its registered URL. */
  routingUrl?: string;
  registry?: RegistryEntry[];
  currentSupergraphSdl?: string;
  operationsDirectory?: string;
  /** The persisted-query manifest; schema/persisted-query-manifest.json when not given (checked only when present). */
  manifestPath?: string;
  /** The other subgraphs' SDL by their entries' `sdl` path, when it lives elsewhere than in files (the registry database). */
  sdlOf?: Map<string, string>;
}

export type CheckReport =
  | { name: string; joins: boolean; composes: false; compositionErrors: string[] }
  | ({
      name: string;
      joins: boolean;
      composes: true;
      operationsChecked: number;
      ownerViolations: OwnerViolation[];
      /** The checked subgraph's fields its owner declared not personal data, for a reviewer to confirm. */
      notPersonal: string[];
      proposedSupergraphSdl: string;
    } & ClientImpact);

export function passes(report: CheckReport): boolean {
  return (
    report.composes &&
    report.breaking.length === 0 &&
    report.brokenOperations.length === 0 &&
    report.ownerViolations.length === 0
  );
}

export async function checkSubgraph(request: CheckRequest): Promise<CheckReport> {
  const registry = request.registry ?? readRegistry();
  const existing = registry.find((entry) => entry.name === request.name);
  // The proposed SDL stands in for the registered file (or joins under a name of its own).
  const entry: RegistryEntry = existing ?? {
    name: request.name,
    routingUrl: request.routingUrl ?? `http://${request.name}.invalid/graphql`,
    sdl: path.join('schema', `${request.name}.graphql`),
  };
  const proposed = [...registry.filter((e) => e !== existing), entry];
  const sdls = new Map([...(request.sdlOf ?? [])].map(([file, sdl]) => [path.join(root, file), sdl]));
  sdls.set(path.join(root, entry.sdl), request.sdl);
  const composition = composeRegistry(proposed, sdls);
  if (!composition.ok)
    return { name: request.name, joins: !existing, composes: false, compositionErrors: composition.errors };

  // A partner registers first (its entry declares its scopes), so it joins while the served graph lacks it.
  const served = request.currentSupergraphSdl ?? fs.readFileSync(SUPERGRAPH_PATH, 'utf8');
  const joins = !existing || !served.includes(`@join__graph(name: "${request.name}"`);
  return checkComposed({
    ...request,
    joins,
    registry: proposed,
    currentSupergraphSdl: served,
    proposedSupergraphSdl: composition.supergraphSdl,
  });
}

/** The checks of a graph that composes, against the served one: clients' operations, other owners. */
export async function checkComposed(request: {
  name: string;
  joins: boolean;
  registry: RegistryEntry[];
  proposedSupergraphSdl: string;
  currentSupergraphSdl?: string;
  operationsDirectory?: string;
  manifestPath?: string;
  root?: string;
}): Promise<CheckReport> {
  const base = request.root ?? root;
  const currentSdl = request.currentSupergraphSdl ?? fs.readFileSync(SUPERGRAPH_PATH, 'utf8');
  const current = await apiSchemaOf(currentSdl);
  const next = await apiSchemaOf(request.proposedSupergraphSdl);
  const operations = [
    ...readOperations(request.operationsDirectory ?? OPERATIONS_DIRECTORY, base),
    ...readManifestOperations(request.manifestPath ?? MANIFEST_PATH, base),
  ];
  return {
    name: request.name,
    joins: request.joins,
    composes: true,
    operationsChecked: operations.length,
    ownerViolations: ownerViolations(currentSdl, request.proposedSupergraphSdl, request.registry),
    notPersonal: notPersonalFields(request.proposedSupergraphSdl, request.name),
    proposedSupergraphSdl: request.proposedSupergraphSdl,
    ...clientImpact(current, next, operations),
  };
}

export function formatReport(
  report: CheckReport,
  title = `Checking the ${report.name} subgraph${report.joins ? ' (joining the graph)' : ''} against the current graph.`,
): string {
  const lines = [title, ''];
  if (!report.composes) {
    lines.push(
      `✗ It does not compose: ${report.compositionErrors.length} error(s). Fix these in the ${report.name} schema:`,
    );
    for (const error of report.compositionErrors) lines.push(`  - ${error}`);
    lines.push('', 'Result: FAIL (does not compose)');
    return lines.join('\n');
  }
  lines.push('✓ It composes with the rest of the graph.');
  const changes = (title: string, list: { type: string; description: string; usedBy: string[] }[]) => {
    lines.push(title);
    for (const change of list) {
      lines.push(`  - ${change.type}: ${change.description}`);
      lines.push(
        `      ${change.usedBy.length ? `read by listed operations: ${change.usedBy.join(', ')}` : 'no listed operation reads it (clients outside the list may)'}`,
      );
    }
  };
  if (report.ownerViolations.length) {
    lines.push(`✗ ${report.ownerViolations.length} change(s) that another owner (or the graph's rules) must agree to:`);
    for (const violation of report.ownerViolations)
      lines.push(`  - ${violation.type}: ${violation.description}`, `      owner: ${violation.owner}`);
  }
  if (report.notPersonal.length)
    lines.push(
      `! ${report.notPersonal.length} field(s) of ${report.name} declared not personal data (personal-data/none): ${report.notPersonal.join(', ')}`,
    );
  if (report.breaking.length)
    changes(`✗ ${report.breaking.length} breaking change(s) against schema/supergraph.graphql:`, report.breaking);
  else lines.push('✓ No breaking change against schema/supergraph.graphql.');
  if (report.brokenOperations.length) {
    lines.push(
      `✗ ${report.brokenOperations.length} of ${report.operationsChecked} listed operation(s) would no longer validate:`,
    );
    for (const broken of report.brokenOperations)
      lines.push(`  - ${broken.operation} (${broken.file}): ${broken.errors.join(' ')}`);
  } else lines.push(`✓ All ${report.operationsChecked} listed operations still validate.`);
  if (report.dangerous.length)
    changes(`! ${report.dangerous.length} change(s) to review (they do not fail the check):`, report.dangerous);
  const clientsBroken = report.breaking.length > 0 || report.brokenOperations.length > 0;
  lines.push(
    '',
    passes(report)
      ? 'Result: PASS'
      : clientsBroken
        ? 'Result: FAIL (would break clients)'
        : "Result: FAIL (needs another owner's agreement)",
  );
  return lines.join('\n');
}

/** The whole command: its output and exit code, so tests run exactly what a partner's CI runs. */
export async function runCheck(args: string[]): Promise<{ exitCode: number; output: string }> {
  const [name, source] = args;
  if (!name || !source || !/^[a-z][a-z0-9_]*$/.test(name)) {
    return {
      exitCode: 2,
      output:
        'Usage: npm run check -- <subgraph-name> <sdl-file-or-url>\n  e.g. npm run check -- health schema/health.graphql\n       npm run check -- health http://localhost:4004/graphql',
    };
  }
  const fromService = /^https?:\/\//.test(source);
  let sdl: string;
  try {
    sdl = fromService ? await fetchServiceSdl(name, source) : fs.readFileSync(path.resolve(source), 'utf8');
  } catch (error) {
    return { exitCode: 2, output: `Cannot read the ${name} schema from ${source}: ${(error as Error).message}` };
  }
  const report = await checkSubgraph({ name, sdl, routingUrl: fromService ? source : undefined });
  return { exitCode: passes(report) ? 0 : 1, output: formatReport(report) };
}

if (require.main === module) {
  runCheck(process.argv.slice(2))
    .then(({ exitCode, output }) => {
      console.log(output);
      process.exit(exitCode);
    })
    .catch((error) => {
      console.error(error);
      process.exit(2);
    });
}
