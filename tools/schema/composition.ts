/**
 * The registry (schema/subgraphs.json) and its composition: each subgraph's SDL, from the code or
 * fetched from a running partner, composed into the supergraph and printed as the client API.
 * The compose and check commands both read it; neither imports the other.
 */
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { composeServices } from '@apollo/composition';
import { buildSubgraphSchema, printSubgraphSchema } from '@apollo/subgraph';
import { GraphQLError, lexicographicSortSchema, parse, printSchema } from 'graphql';
import { apiSchemaOf } from '../../platform/graphql/supergraph';
import { foreignNonNullFields } from './ownership';
import type { DeclaredScope, OverrideApproval } from './owner-guards';
import { definitions } from '../../subgraphs/definitions';
import { CALLER_HEADER, CallerClaims, operationDigest, signCaller } from '../../contract/caller';
import { CallerSigningKey, signingKeyFrom } from '../../contract/caller-keys';
import { PROJECT_ROOT } from '../../platform/settings';
import { resolveToolSettings } from '../settings';
import { SubgraphName } from '../../contract/subgraph-names';
import { subgraphSdl } from '../../subgraphs/kit/subgraph';
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
  /** Fields of this subgraph its owner lets another take over with `@override` (see owner-guards.ts). */
  overridesApproved?: OverrideApproval[];
  /** Scopes this subgraph's fields require beyond the graph's own, which ROLE_SCOPE_GRANTS may grant to roles. */
  scopes?: DeclaredScope[];
  /** What a partner needs of the caller beyond the default (gateway/caller-forwarding/partner-view.ts). */
  assertion?: { claims?: 'full' | 'minimal'; reason?: string; villageRule?: boolean };
}

export const root = PROJECT_ROOT;
export const REGISTRY_PATH = path.join(root, 'schema', 'subgraphs.json');
export const SUPERGRAPH_PATH = path.join(root, 'schema', 'supergraph.graphql');
export const API_SCHEMA_PATH = path.join(root, 'schema', 'api.graphql');

export function readRegistry(file = REGISTRY_PATH): RegistryEntry[] {
  return (JSON.parse(fs.readFileSync(file, 'utf8')) as { subgraphs: RegistryEntry[] }).subgraphs;
}

/** The SDL files as the code of this repository would write them now. */
export async function generatedSdls(registry = readRegistry(), base = root): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  for (const entry of registry.filter((e) => e.generatedFromCode)) {
    const definition = definitions[entry.name as SubgraphName];
    if (!definition)
      throw new Error(
        `schema/subgraphs.json lists "${entry.name}" as generated from code, but no such subgraph exists.`,
      );
    files.set(path.join(base, entry.sdl), `${(await subgraphSdl(definition)).trim()}\n`);
  }
  return files;
}

const SDL_QUERY = '{ _service { sdl } }';

/**
 * Asks a running subgraph for its SDL, as federation defines it. A subgraph answers only what the
 * gateway signs, so the request carries an assertion signed with the gateway<->subgraph secret
 * (GATEWAY_SUBGRAPH_SECRET), which whoever composes the graph for the gateway holds.
 */
export async function fetchServiceSdl(name: string, url: string, signer?: string | CallerSigningKey): Promise<string> {
  // Without a signer given, the tool signs with the trust settings it was started with, as `npm run compose` does.
  const tool = signer ? undefined : resolveToolSettings(process.env);
  const key = signer ?? signingKeyFrom(tool!.trust, tool!.production);
  if (!key) throw new Error('asking a running subgraph for its SDL takes the caller signing key (CALLER_SIGNING_KEY)');
  const registry: CallerClaims = {
    subject: 'service:schema-registry',
    agency: 'schema registry',
    roles: ['service'],
    scopes: [],
    villages: [],
    operationName: null,
    requestId: `compose-${randomUUID()}`,
  };
  const assertion = await signCaller(registry, name, key, 60, operationDigest(SDL_QUERY, {}));
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', [CALLER_HEADER]: assertion },
    body: JSON.stringify({ query: SDL_QUERY, variables: {} }),
    signal: AbortSignal.timeout(10_000),
  });
  const body = (await response.json().catch(() => ({}))) as {
    data?: { _service?: { sdl?: string } };
    errors?: { message: string }[];
  };
  const sdl = body.data?._service?.sdl;
  if (!sdl)
    throw new Error(
      `${url} did not return its SDL (HTTP ${response.status}${body.errors ? `: ${body.errors.map((e) => e.message).join('; ')}` : ''}).`,
    );
  // Printed the way this repository prints its own subgraphs, so the checked-in file reads the same.
  return `${printSubgraphSchema(buildSubgraphSchema(parse(sdl))).trim()}\n`;
}

/** The SDL files of the registry's running services, as they answer now. */
export async function fetchedSdls(registry = readRegistry(), base = root): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  for (const entry of registry.filter((e) => e.fetchFrom))
    files.set(path.join(base, entry.sdl), await fetchServiceSdl(entry.name, entry.fetchFrom!));
  return files;
}

/** Replaces `file` in one step, so a reader (the gateway) never sees it half-written. */
export function writeAtomically(file: string, content: string) {
  const temporary = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, content);
  fs.renameSync(temporary, file);
}

export type Composition = { ok: true; supergraphSdl: string } | { ok: false; errors: string[] };

export function compose(services: { name: string; url: string; typeDefs: string; owner?: string }[]): Composition {
  const unreadable: string[] = [];
  const parsed = services.map((s) => {
    try {
      return { name: s.name, url: s.url, typeDefs: parse(s.typeDefs) };
    } catch (error) {
      const where = (error as GraphQLError).locations?.[0];
      unreadable.push(
        `INVALID_GRAPHQL: [${s.name}] ${(error as Error).message}${where ? ` (line ${where.line}, column ${where.column})` : ''}`,
      );
      return undefined;
    }
  });
  if (unreadable.length) return { ok: false, errors: unreadable };
  const result = composeServices(parsed.map((s) => s!));
  if (result.errors) {
    return {
      ok: false,
      errors: result.errors.map((e) => `${(e.extensions?.code as string) ?? 'ERROR'}: ${e.message}`),
    };
  }
  // Composition allows it, but an outage of one owner would then null another owner's objects.
  const foreign = foreignNonNullFields(result.supergraphSdl, (name) => services.find((s) => s.name === name)?.owner);
  if (foreign.length)
    return { ok: false, errors: foreign.map((violation) => `FOREIGN_FIELD_NOT_NULLABLE: ${violation}`) };
  return { ok: true, supergraphSdl: `${result.supergraphSdl.trim()}\n` };
}

/** Composes the registry's subgraphs, taking SDL from `overrides` where given, else from files. */
export function composeRegistry(
  registry = readRegistry(),
  overrides = new Map<string, string>(),
  base = root,
): Composition {
  return compose(
    registry.map((entry) => {
      const file = path.join(base, entry.sdl);
      return {
        name: entry.name,
        url: entry.routingUrl,
        owner: entry.owner,
        typeDefs: overrides.get(file) ?? fs.readFileSync(file, 'utf8'),
      };
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
