/**
 * The gateway is one list of features (gateway/server/features.ts) whose order is both the order
 * the plugins run in and the order the data-source wrappers nest in (the first outermost). A
 * reordering changes who sees a request first, so the order is written down here, with the
 * reason wherever it matters; where no reason is given, the position is free.
 */
import type { GraphQLDataSource } from '@apollo/gateway';
import { GraphQLDataSourceRequestKind } from '@apollo/gateway/dist/datasources/types';
import { keyRingFrom } from '../contract/caller-keys';
import { createLogger } from '../platform/logger';
import { GatewayMetrics } from '../gateway/metrics/metrics';
import { dataSourceFor, GatewayFeature, GatewayDeps } from '../gateway/server/feature';
import { createGatewayFeatures } from '../gateway/server/features';
import { GatewayOptions } from '../gateway/server/gateway';
import { resolveGatewayOptions } from '../gateway/server/options';
import { SUPERGRAPH, testAuth, testTrust } from './support/federation';
import { resolveGatewaySettings } from '../gateway/server/settings';

const FEATURE_ORDER = [
  // Who is calling goes into the context before any plugin runs; it has no plugin of its own.
  'authentication',
  // First at requestDidStart: a listed id becomes its document, and a refused one is emptied,
  // before anything else parses, limits or counts it.
  'trusted-documents',
  // The outermost wrapper: representations are de-duplicated once for the whole fetch, so the
  // entity cache and everything inside see each entity once.
  'transport',
  // Introspection is refused to a caller without schema:read before the access policy reads the
  // operation's fields.
  'sandbox',
  // The document's shape (depth, aliases, static cost) is judged before its fields are...
  'document-limits',
  // ...and the caller's rights before its cost with variables takes the caller's share of the
  // gateway: a refused operation never holds a caller's room (operation-limits.ts).
  'access-policy',
  'limits',
  // Masking rewrites the answer in willSendResponse; the read audit, metrics and logging after it
  // see what the client receives.
  'masking',
  // Outside the partner audit: a hit sends nothing, so nothing is read from a partner and nothing
  // needs recording; a miss is audited like any fetch.
  'entity-cache',
  // Outside the metrics' timing and the retries: a retried fetch is recorded once.
  'partner-audit',
  // Timed inside the cache (a hit is not a subgraph fetch) and outside the retries and breaker,
  // so retries and an open breaker count; its operation label is what request-logging uses.
  'metrics',
  // Logs the errors as the gateway raised them, before defer-refusal rewrites the @defer one.
  'request-logging',
  'cache-hints',
  'defer-refusal',
  // The innermost wrapper: the breaker aborts an attempt through the sender's own fetcher, so it
  // must hold the sender itself (resilience.ts).
  'resilience',
  'browser-pages',
  // The sender, inside every wrapper: each attempt is signed afresh, for that subgraph alone.
  'caller-forwarding',
];

const SECURITY_CHECKS = ['document-limits', 'access-policy', 'limits', 'masking'];

describe('the gateway feature list', () => {
  const built: GatewayFeature[][] = [];
  const build = async (options: Partial<GatewayOptions> = {}) => {
    const settings = resolveGatewayOptions({
      settings: resolveGatewaySettings(process.env),
      port: 0,
      supergraphPath: SUPERGRAPH,
      security: { auth: testAuth(), trust: testTrust() },
      // Every feature on, so each has its hooks; the cache in this process's memory.
      entityCache: { ttlSeconds: 60, redisUrl: undefined },
      trustedDocuments: 'off',
      ...options,
    });
    const deps: GatewayDeps = {
      logger: createLogger('gateway'),
      metrics: new GatewayMetrics(new Set()),
      callerKeys: keyRingFrom(settings.trust, false)!,
      subgraphUrl: () => undefined,
    };
    const features = await createGatewayFeatures(settings, deps);
    built.push(features);
    return features;
  };
  afterAll(() => {
    for (const features of built) for (const feature of features) feature.close?.();
  });

  it('runs the features in the order written down here', async () => {
    expect((await build()).map((feature) => feature.name)).toEqual(FEATURE_ORDER);
  });

  it('runs plugins in the list order, trusted documents first and the @defer refusal last', async () => {
    // In production, where graphql-armor's document limits also hide "did you mean" suggestions.
    const features = await build({ production: true });
    expect(features.filter((feature) => feature.plugins?.length).map((feature) => feature.name)).toEqual([
      'trusted-documents',
      'sandbox',
      'document-limits',
      'access-policy',
      'limits',
      'masking',
      'partner-audit',
      'metrics',
      'request-logging',
      'cache-hints',
      'defer-refusal',
    ]);
  });

  it('nests the data-source wrappers in the list order, the sender innermost', async () => {
    const features = await build();
    expect(features.filter((feature) => feature.wrapDataSource).map((feature) => feature.name)).toEqual([
      'transport',
      'entity-cache',
      'partner-audit',
      'metrics',
      'resilience',
    ]);
    expect(features.filter((feature) => feature.sendsTo).map((feature) => feature.name)).toEqual(['caller-forwarding']);
  });

  it('leaves the gateway checks out, and nothing else, when the bench measures what they cost', async () => {
    const features = await build({ security: { auth: testAuth(), trust: testTrust(), layerOff: true } });
    expect(features.map((feature) => feature.name)).toEqual(
      FEATURE_ORDER.filter((name) => !SECURITY_CHECKS.includes(name)),
    );
  });

  it('has no entity-cache wrapper when the cache has no lifetime', async () => {
    const features = await build({ entityCache: { ttlSeconds: 0 } });
    expect(features.find((feature) => feature.name === 'entity-cache')?.wrapDataSource).toBeUndefined();
  });

  it('folds wrappers so that the first listed sees a fetch first and the sender last', async () => {
    const seen: string[] = [];
    const wrapper = (name: string): GatewayFeature => ({
      name,
      wrapDataSource: (source: GraphQLDataSource) => ({
        process: (options) => {
          seen.push(name);
          return source.process(options);
        },
      }),
    });
    const sender: GatewayFeature = {
      name: 'sender',
      sendsTo: (subgraph) => ({
        process: async () => {
          seen.push(`sent to ${subgraph}`);
          return { data: {} };
        },
      }),
    };
    const source = dataSourceFor([wrapper('outer'), sender, wrapper('inner')], 'budget', 'http://127.0.0.1:9/graphql');
    await source.process({
      kind: GraphQLDataSourceRequestKind.HEALTH_CHECK,
      request: { query: '{ __typename }' },
      context: {},
    });
    expect(seen).toEqual(['outer', 'inner', 'sent to budget']);
    expect(() => dataSourceFor([wrapper('outer')], 'budget', 'http://127.0.0.1:9/graphql')).toThrow(
      'one gateway feature must send subgraph fetches, found 0',
    );
  });
});
