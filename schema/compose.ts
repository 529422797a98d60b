/**
 * `npm run compose`: brings every subgraph's SDL in the registry (schema/subgraphs.json) up to
 * date in schema/<name>.graphql (printed from this repository's code, or asked of a running
 * partner service with `{ _service { sdl } }`, or left as the checked-in file) and composes
 * schema/supergraph.graphql with @apollo/composition, then publishes the API clients see through
 * the gateway as schema/api.graphql (no federation directives: what codegen and editors read).
 * Composition errors are printed one per line, and the exit code is 1. The supergraph is written atomically, as a running gateway
 * reloads it as soon as it changes.
 */
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { composeServices } from '@apollo/composition';
import { buildSubgraphSchema, printSubgraphSchema } from '@apollo/subgraph';
import { GraphQLError, lexicographicSortSchema, parse, printSchema } from 'graphql';
import { apiSchemaOf } from '../gateway/supergraph-file';
import { foreignNonNullFields } from './ownership';
import { MANIFEST_PATH, manifestText } from './persisted-queries';
import exampleCodegen from '../examples/frontend/codegen';
import { definitions } from '../subgraphs/definitions';
import { CALLER_HEADER, CallerClaims, operationDigest, signCaller } from '../subgraphs/shared/caller';
import { loadConfig, SubgraphName } from '../subgraphs/shared/config';
import { subgraphSdl } from '../subgraphs/shared/subgraph';

export interface RegistryEntry {
  name: string;
  routingUrl: string;
  /** The checked-in SDL file, relative to the project root: the contract a reviewer reads. */
  sdl: string;
  owner?: string;
  /** Printed from this repository's code by `npm run compose`. */
  generatedFromCode?: boolean;
  /** A running service whose `_service { sdl }` `npm run compose` copies into `sdl`. */
  fetchFrom?: string;
}

const root = loadConfig().projectRoot;
export const REGISTRY_PATH = path.join(root, 'schema', 'subgraphs.json');
export const SUPERGRAPH_PATH = path.join(root, 'schema', 'supergraph.graphql');
export const API_SCHEMA_PATH = path.join(root, 'schema', 'api.graphql');

export function readRegistry(file = REGISTRY_PATH): RegistryEntry[] {
  return (JSON.parse(fs.readFileSync(file, 'utf8')) as { subgraphs: RegistryEntry[] }).subgraphs;
}

/** The SDL files as the code of this repository would write them now. */
export async function generatedSdls(registry = readRegistry()): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  for (const entry of registry.filter((e) => e.generatedFromCode)) {
    const definition = definitions[entry.name as SubgraphName];
    if (!definition) throw new Error(`schema/subgraphs.json lists "${entry.name}" as generated from code, but no such subgraph exists.`);
    files.set(path.join(root, entry.sdl), `${(await subgraphSdl(definition)).trim()}\n`);
  }
  return files;
}

const SDL_QUERY = '{ _service { sdl } }';

/**
 * Asks a running subgraph for its SDL, as federation defines it. A subgraph answers only what the
 * gateway signs, so the request carries an assertion signed with the gateway<->subgraph secret
 * (GATEWAY_SUBGRAPH_SECRET), which whoever composes the graph for the gateway holds.
 */
export async function fetchServiceSdl(name: string, url: string, gatewaySecret = loadConfig().trust.gatewaySecret): Promise<string> {
  const registry: CallerClaims = { subject: 'service:schema-registry', agency: 'schema registry', roles: ['service'], scopes: [], villages: [], operationName: null, requestId: `compose-${randomUUID()}` };
  const assertion = await signCaller(registry, name, gatewaySecret, 60, operationDigest(SDL_QUERY, {}));
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', [CALLER_HEADER]: assertion },
    body: JSON.stringify({ query: SDL_QUERY, variables: {} }),
    signal: AbortSignal.timeout(10_000),
  });
  const body = (await response.json().catch(() => ({}))) as { data?: { _service?: { sdl?: string } }; errors?: { message: string }[] };
  const sdl = body.data?._service?.sdl;
  if (!sdl) throw new Error(`${url} did not return its SDL (HTTP ${response.status}${body.errors ? `: ${body.errors.map((e) => e.message).join('; ')}` : ''}).`);
  // Printed the way this repository prints its own subgraphs, so the checked-in file reads the same.
  return `${printSubgraphSchema(buildSubgraphSchema(parse(sdl))).trim()}\n`;
}

/** The SDL files of the registry's running services, as they answer now. */
export async function fetchedSdls(registry = readRegistry()): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  for (const entry of registry.filter((e) => e.fetchFrom)) files.set(path.join(root, entry.sdl), await fetchServiceSdl(entry.name, entry.fetchFrom!));
  return files;
}

/** Replaces `file` in one step, so a reader (the gateway) never sees it half-written. */
export function writeAtomically(file: string, content: string) {
  const temporary = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, content);
  fs.renameSync(temporary, file);
}

export type Composition = { ok: true; supergraphSdl: string } | { ok: false; errors: string[] };

export function compose(services: { name: string; url: string; typeDefs: string }[]): Composition {
  const unreadable: string[] = [];
  const parsed = services.map((s) => {
    try {
      return { name: s.name, url: s.url, typeDefs: parse(s.typeDefs) };
    } catch (error) {
      const where = (error as GraphQLError).locations?.[0];
      unreadable.push(`INVALID_GRAPHQL: [${s.name}] ${(error as Error).message}${where ? ` (line ${where.line}, column ${where.column})` : ''}`);
      return undefined;
    }
  });
  if (unreadable.length) return { ok: false, errors: unreadable };
  const result = composeServices(parsed.map((s) => s!));
  if (result.errors) {
    return { ok: false, errors: result.errors.map((e) => `${(e.extensions?.code as string) ?? 'ERROR'}: ${e.message}`) };
  }
  // Composition allows it, but an outage of one owner would then null another owner's objects.
  const foreign = foreignNonNullFields(result.supergraphSdl);
  if (foreign.length) return { ok: false, errors: foreign.map((violation) => `FOREIGN_FIELD_NOT_NULLABLE: ${violation}`) };
  return { ok: true, supergraphSdl: `${result.supergraphSdl.trim()}\n` };
}

/** Composes the registry's subgraphs, taking SDL from `overrides` where given, else from files. */
export function composeRegistry(registry = readRegistry(), overrides = new Map<string, string>()): Composition {
  return compose(
    registry.map((entry) => {
      const file = path.join(root, entry.sdl);
      return { name: entry.name, url: entry.routingUrl, typeDefs: overrides.get(file) ?? fs.readFileSync(file, 'utf8') };
    }),
  );
}

const API_SCHEMA_HEADER = `# The API that clients see through the gateway, for code generators and editors: printed by
# \`npm run compose\` from schema/supergraph.graphql (a test fails when it is stale). Do not edit.
`;

/** The client-facing schema of a supergraph: no federation directives, types in name order so diffs stay readable. */
export async function apiSdl(supergraphSdl: string): Promise<string> {
  return `${API_SCHEMA_HEADER}\n${printSchema(lexicographicSortSchema(await apiSchemaOf(supergraphSdl))).trim()}\n`;
}

async function main() {
  const registry = readRegistry();
  const sdls = new Map([...(await generatedSdls(registry)), ...(await fetchedSdls(registry))]);
  for (const [file, sdl] of sdls) fs.writeFileSync(file, sdl);
  const composition = composeRegistry(registry, sdls);
  if (!composition.ok) {
    console.error(`Composition failed with ${composition.errors.length} error(s):`);
    for (const error of composition.errors) console.error(`  - ${error}`);
    process.exit(1);
  }
  writeAtomically(SUPERGRAPH_PATH, composition.supergraphSdl);
  writeAtomically(API_SCHEMA_PATH, await apiSdl(composition.supergraphSdl));
  // Atomically too: a safelisting gateway reloads the manifest as soon as it changes.
  writeAtomically(MANIFEST_PATH, await manifestText());
  // The example frontend's typed documents follow the API it is built against. Loaded here only:
  // graphql-codegen's loaders are ES modules, which the test runner cannot load with this module.
  const { generate } = await import('@graphql-codegen/cli');
  await generate({ ...exampleCodegen, silent: true }, true);
  console.log(`Composed ${registry.length} subgraphs (${registry.map((e) => e.name).join(', ')}) into ${path.relative(root, SUPERGRAPH_PATH)}; client API in ${path.relative(root, API_SCHEMA_PATH)}; trusted documents in ${path.relative(root, MANIFEST_PATH)}`);
}

if (require.main === module) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
