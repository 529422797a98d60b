/**
 * `npm run registry -- <command>`: the schema registry with history (registry-store.ts), in the
 * PostgreSQL database REGISTRY_DATABASE_URL names.
 *
 *   seed                                  versions from schema/subgraphs.json and its SDL files
 *   credential <subgraph>                 a new publishing credential for one subgraph (shown once)
 *   publish <subgraph> <sdl-file> [--author who]   with REGISTRY_CREDENTIAL: checks and stores a version
 *   compose                               composes the latest approved versions; writes schema/supergraph.graphql
 *   rollback <supergraph-version>         serves an earlier supergraph again
 *   history                               every version, newest last
 *
 * `--variant <name>` (default `current`) publishes, composes or rolls back another variant, e.g.
 * `staging`: the current graph with that variant's versions laid over, served from
 * schema/supergraph.<variant>.graphql for a staging gateway (SUPERGRAPH_PATH).
 */
import fs from 'node:fs';
import path from 'node:path';
import { formatReport } from './check';
import { apiSdl, API_SCHEMA_PATH, readRegistry, SUPERGRAPH_PATH, writeAtomically } from './compose';
import { CURRENT_VARIANT, RegistryRefused, RegistryStore, SupergraphVersion, VARIANT_NAME } from './registry-store';
import { PROJECT_ROOT } from '../../platform/settings';
import { resolveToolSettings, ToolSettings } from '../settings';

const USAGE =
  'Usage: npm run registry -- seed | credential <subgraph> | publish <subgraph> <sdl-file> [--author who] | compose | rollback <version> | history   [--variant <name>]';

/** `current` is served from the supergraph path itself; another variant beside it, `supergraph.<variant>.graphql`. */
function variantPath(file: string, variant: string): string {
  if (variant === CURRENT_VARIANT) return file;
  const { dir, name, ext } = path.parse(file);
  return path.join(dir, `${name}.${variant}${ext}`);
}

async function serve(version: SupergraphVersion, supergraphPath: string): Promise<string> {
  const target = variantPath(supergraphPath, version.variant);
  writeAtomically(target, version.sdl);
  writeAtomically(
    variantPath(path.join(path.dirname(supergraphPath), path.basename(API_SCHEMA_PATH)), version.variant),
    await apiSdl(version.sdl),
  );
  const variant = version.variant === CURRENT_VARIANT ? '' : ` of ${version.variant}`;
  return `Serving supergraph version ${version.id}${variant} (${path.relative(process.cwd(), target)}).`;
}

export async function runRegistry(
  args: string[],
  options: {
    databaseUrl?: string;
    supergraphPath?: string;
    credential?: string;
    root?: string;
    settings?: ToolSettings;
  } = {},
): Promise<{ exitCode: number; output: string }> {
  const settings = options.settings ?? resolveToolSettings(process.env);
  const url = options.databaseUrl ?? settings.registryDatabaseUrl;
  if (!url) return { exitCode: 2, output: 'Set REGISTRY_DATABASE_URL to the registry database (PostgreSQL).' };
  const supergraphPath = options.supergraphPath ?? SUPERGRAPH_PATH;
  const store = new RegistryStore(url);
  try {
    await store.migrate();
    const flag = args.indexOf('--variant');
    const variant = flag >= 0 ? (args[flag + 1] ?? '') : CURRENT_VARIANT;
    if (!VARIANT_NAME.test(variant))
      return {
        exitCode: 2,
        output: `A variant is named in lower case letters, digits and dashes, e.g. staging; not "${variant}".`,
      };
    const [command, ...rest] = flag >= 0 ? [...args.slice(0, flag), ...args.slice(flag + 2)] : args;
    switch (command) {
      case 'seed': {
        const seeded = await store.seed(readRegistry(), options.root ?? PROJECT_ROOT);
        return {
          exitCode: 0,
          output: seeded.length
            ? `Seeded ${seeded.join(', ')} from schema/subgraphs.json.`
            : 'Every subgraph already has versions.',
        };
      }
      case 'credential': {
        if (!rest[0]) return { exitCode: 2, output: USAGE };
        return { exitCode: 0, output: await store.issueCredential(rest[0]) };
      }
      case 'publish': {
        const [subgraph, file] = rest;
        const credential = options.credential ?? settings.registryCredential;
        if (!subgraph || !file || !credential)
          return {
            exitCode: 2,
            output: `${USAGE}\n(publish reads the subgraph's credential from REGISTRY_CREDENTIAL)`,
          };
        const at = rest.indexOf('--author');
        const author = at >= 0 && rest[at + 1] ? rest[at + 1] : (settings.user ?? 'unknown');
        const version = await store.publish({
          subgraph,
          sdl: fs.readFileSync(path.resolve(file), 'utf8'),
          author,
          credential,
          variant,
          servedSupergraphSdl: fs.existsSync(supergraphPath) ? fs.readFileSync(supergraphPath, 'utf8') : undefined,
        });
        const report = version.report ? formatReport(version.report) : '';
        const where = variant === CURRENT_VARIANT ? '' : ` (${variant})`;
        return {
          exitCode: version.approved ? 0 : 1,
          output: `${report}\n\n${subgraph} version ${version.id}${where} by ${author}: ${version.approved ? 'approved' : 'stored, not approved'}.`,
        };
      }
      case 'compose': {
        const { version, errors } = await store.compose(settings.user ?? 'registry', variant);
        if (!version)
          return {
            exitCode: 1,
            output: `The latest approved versions do not compose; nothing was written:\n${errors.map((e) => `  - ${e}`).join('\n')}`,
          };
        return { exitCode: 0, output: await serve(version, supergraphPath) };
      }
      case 'rollback': {
        const id = Number(rest[0]);
        if (!Number.isInteger(id)) return { exitCode: 2, output: USAGE };
        const version = await store.rollback(id, settings.user ?? 'registry', variant);
        return { exitCode: 0, output: `${await serve(version, supergraphPath)} It is version ${id} again.` };
      }
      case 'history': {
        const { subgraphs, supergraphs } = await store.history();
        const lines = [
          'Subgraph versions:',
          ...subgraphs.map(
            (v) =>
              `  ${v.id}  ${v.subgraph}  ${v.approved ? 'approved' : 'refused '}  by ${v.author}  ${v.publishedAt.toISOString()}  ${v.variant}`,
          ),
          'Supergraph versions:',
          ...supergraphs.map(
            (v) =>
              `  ${v.id}  from [${v.subgraphVersions.join(', ')}]  by ${v.composedBy}  ${v.composedAt.toISOString()}  ${v.variant}${v.rollbackOf ? `  (rollback to ${v.rollbackOf})` : ''}`,
          ),
        ];
        return { exitCode: 0, output: lines.join('\n') };
      }
      default:
        return { exitCode: 2, output: USAGE };
    }
  } catch (error) {
    if (error instanceof RegistryRefused) return { exitCode: 1, output: error.message };
    throw error;
  } finally {
    await store.close();
  }
}

if (require.main === module) {
  runRegistry(process.argv.slice(2))
    .then(({ exitCode, output }) => {
      (exitCode ? console.error : console.log)(output);
      process.exit(exitCode);
    })
    .catch((error) => {
      console.error(`npm run registry could not run: ${error instanceof Error ? error.message : error}`);
      process.exit(2);
    });
}
