/**
 * What a gateway feature may add to the gateway, and how `startGateway` folds a list of them.
 * A feature is one folder under gateway/ with one factory returning a `GatewayFeature`; the list
 * and its order live in features.ts. Every hook is one a feature of this gateway uses today.
 */
import type http from 'node:http';
import type { GraphQLDataSource } from '@apollo/gateway';
import type { ApolloServerPlugin } from '@apollo/server';
import type { GraphQLSchema, ValidationRule } from 'graphql';
import { FieldRule, readAccessRules } from '../../contract/access-rules';
import type { PersonalDataKind } from '../../contract/personal-data';
import type { Logger } from '../../platform/logger';
import type { CallerKeyRing } from '../../contract/caller-keys';
import type { GatewayContext } from '../caller-forwarding/caller-forwarding';
import type { GatewayMetrics } from '../metrics/metrics';
import { readPersonalFields } from '../masking/personal-data-masking';

/**
 * Everything the features derive from the supergraph being served, derived once per load (at
 * start and on each hot reload) and handed to every feature, so no feature parses the SDL again
 * and all of them switch to a new composition together.
 */
export interface LoadedSupergraph {
  /** The composed supergraph as loaded (its security features intact, see supergraph-file.ts). */
  readonly sdl: string;
  /** The schema clients see. */
  readonly apiSchema: GraphQLSchema;
  /** `@authenticated` / `@requiresScopes` by `Type.field`. */
  readonly accessRules: Map<string, FieldRule>;
  /** Fields marked personal data (`@tag(name: "personal-data/<kind>")`), by `Type.field`. */
  readonly personalFields: ReadonlyMap<string, PersonalDataKind>;
  /** The same fields' names alone, for checks that see a subgraph's query text without its types. */
  readonly personalFieldNames: ReadonlySet<string>;
}

export function loadSupergraph(sdl: string, apiSchema: GraphQLSchema): LoadedSupergraph {
  const personalFields = readPersonalFields(sdl);
  return {
    sdl,
    apiSchema,
    accessRules: readAccessRules(sdl),
    personalFields,
    personalFieldNames: new Set([...personalFields.keys()].map((coordinate) => coordinate.split('.')[1])),
  };
}

/** What the gateway itself holds and lends to features: one of each per gateway. */
export interface GatewayDeps {
  logger: Logger;
  /** The series served at /metrics; features that keep counters of their own register them here. */
  metrics: GatewayMetrics;
  /** The key caller assertions are signed with, and the keys published beside it. */
  callerKeys: CallerKeyRing;
  /** Where a subgraph is reached (the supergraph's URL or an override), once the gateway has built its data source. */
  subgraphUrl(name: string): string | undefined;
}

type RouteHandler = (request: http.IncomingMessage) => Promise<unknown>;

export interface GatewayFeature {
  /** The feature's folder name; features.ts's test pins the order by it. */
  readonly name: string;
  /** What the feature adds to each request's context (authentication: who is calling). */
  context?(request: http.IncomingMessage): Promise<Partial<GatewayContext>>;
  /** Apollo Server plugins; within each Apollo hook, plugins run in the list's order. */
  plugins?: ApolloServerPlugin<GatewayContext>[];
  /** Checks run while Apollo validates a document. */
  validationRules?: ValidationRule[];
  /** Automatic persisted queries switched off (safelisting leaves no way to register a query). */
  persistedQueriesOff?: boolean;
  /** The data source that sends a subgraph's fetches: exactly one feature has it, and every wrapper is around it. */
  sendsTo?(subgraph: string, url: string): GraphQLDataSource;
  /** `source` (the sender inside every later feature's wrapper) wrapped: the list's first wrapper is outermost. */
  wrapDataSource?(source: GraphQLDataSource, subgraph: string): GraphQLDataSource;
  /** Called with every supergraph loaded, before a request is served on it. */
  onSupergraphLoad?(loaded: LoadedSupergraph): void;
  /** Operator routes, behind the operations token. */
  routes?: Record<string, RouteHandler>;
  /** Routes anyone may read. */
  publicRoutes?: Record<string, RouteHandler>;
  /** What the feature adds to /health/subgraphs. */
  health?(): Record<string, unknown>;
  /** Browser pages beside the API: true when it answered the request. */
  pages?(request: http.IncomingMessage, response: http.ServerResponse, url: URL): Promise<boolean>;
  /** Releases what the feature holds (sockets, watchers, timers) once the server has stopped. */
  close?(): void;
}

/** A subgraph's data source: the one sender, inside each wrapper in list order (the first outermost). */
export function dataSourceFor(features: readonly GatewayFeature[], subgraph: string, url: string): GraphQLDataSource {
  const senders = features.filter((feature) => feature.sendsTo);
  if (senders.length !== 1) throw new Error(`one gateway feature must send subgraph fetches, found ${senders.length}`);
  let source = senders[0].sendsTo!(subgraph, url);
  for (const feature of [...features].reverse())
    if (feature.wrapDataSource) source = feature.wrapDataSource(source, subgraph);
  return source;
}

export function pluginsOf(features: readonly GatewayFeature[]): ApolloServerPlugin<GatewayContext>[] {
  return features.flatMap((feature) => feature.plugins ?? []);
}

export function routesOf(
  features: readonly GatewayFeature[],
  kind: 'routes' | 'publicRoutes',
): Record<string, RouteHandler> {
  return Object.assign({}, ...features.map((feature) => feature[kind] ?? {}));
}
