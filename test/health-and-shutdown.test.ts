import os from 'node:os';
import { Client } from 'pg';
import { RunningGateway, startGateway } from '../gateway/server/gateway';
import { mintToken } from '../gateway/authentication/tokens';
import { health } from '../subgraphs/health/definition';
import { storyJknMembership } from '../subgraphs/health/seed';
import { Scope } from '../contract/scopes';
import { storyWorkers } from '../domain/seed-story';
import { RunningSubgraph, startSubgraph } from '../subgraphs/kit/subgraph';
import { ADMIN_URL, createTestDatabases, TestDatabases } from './support/databases';
import {
  postGraphQL,
  signedCallerHeader,
  SUPERGRAPH,
  testAuth,
  testLogger,
  testSubgraphSettings,
  testTrust,
} from './support/federation';
import { startSubgraphProxy, SubgraphProxy } from './support/subgraph-proxy';
import { resolveGatewaySettings } from '../gateway/server/settings';

const card = storyJknMembership(storyWorkers()[0])!;
const JKN_CARD = /* GraphQL */ `
  query JknCard($cardNumber: ID!) {
    jknMembership(cardNumber: $cardNumber) {
      cardNumber
      status
      segment
    }
  }
`;
const variables = { cardNumber: card.cardNumber };
/**
 * Through the gateway: the card's existence only. Its fields are personal data, whose every read the
 * gateway records with population's read audit, and this file runs health alone.
 */
const JKN_CARD_EXISTS = /* GraphQL */ `
  query JknCardExists($cardNumber: ID!) {
    jknMembership(cardNumber: $cardNumber) {
      __typename
    }
  }
`;

// The gateway and the subgraph share a secret of their own; clients sign in as insurer officers.
const auth = testAuth();
const trust = testTrust();
const insurerOfficer = async () => ({ authorization: `Bearer ${await mintToken(auth, { role: 'insurer-officer' })}` });

/** Asks the subgraph on its own port, with the assertion the gateway would forward for an insurer officer. */
async function askSubgraph(url: string) {
  const signed = await signedCallerHeader(
    'health',
    {
      subject: 'insurer-officer@ambon.example',
      scopes: [Scope.COVERAGE_READ, Scope.ALL_VILLAGES, Scope.PERSONAL_DATA_READ],
    },
    { query: JKN_CARD, variables },
    trust.gatewaySecret,
  );
  return postGraphQL(url, JKN_CARD, variables, signed);
}

async function ready(url: string): Promise<number> {
  return (await fetch(url.replace('/graphql', '/health/ready'))).status;
}

async function asAdmin(sql: string) {
  const client = new Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

async function eventually<T>(probe: () => Promise<T>, accept: (value: T) => boolean): Promise<T> {
  let value = await probe();
  for (let i = 0; i < 100 && !accept(value); i++) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    value = await probe();
  }
  return value;
}

describe('operators can tell when a service is ready, restart it without dropping requests, and lose a database for a while', () => {
  let databases: TestDatabases;
  let subgraph: RunningSubgraph;
  let database: string;

  let proxy: SubgraphProxy;
  let gateway: RunningGateway;

  beforeAll(async () => {
    databases = await createTestDatabases(['health']);
    database = new URL(databases.urls.health).pathname.slice(1);
    subgraph = await startSubgraph(health, {
      settings: testSubgraphSettings('health'),
      gatewaySecret: trust.gatewaySecret,
      port: 0,
      host: '127.0.0.1',
      databaseUrl: databases.urls.health,
      dataDir: os.tmpdir(),
      poolSize: 4,
      seed: true,
      quiet: true,
    });
    // The gateway reaches health through a proxy that can hold a request in flight.
    proxy = await startSubgraphProxy(subgraph.url);
    gateway = await startGateway({
      settings: resolveGatewaySettings(process.env),
      port: 0,
      host: '127.0.0.1',
      supergraphPath: SUPERGRAPH,
      subgraphUrls: { health: proxy.url },
      security: { auth, trust },
      logger: testLogger('gateway'),
    });
  });
  afterAll(async () => {
    await gateway?.stop();
    await proxy?.stop();
    await subgraph?.stop();
    await databases?.drop();
  });

  it('a subgraph whose database goes away answers errors and is not ready, then recovers by itself when it returns', async () => {
    expect((await askSubgraph(subgraph.url)).data.jknMembership.status).toBe(card.status);
    expect(await ready(subgraph.url)).toBe(200);

    // The database refuses new connections and drops the subgraph's open ones.
    await asAdmin(`ALTER DATABASE "${database}" ALLOW_CONNECTIONS false`);
    await asAdmin(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${database}'`);

    const whileDown = await askSubgraph(subgraph.url);
    expect(whileDown.data?.jknMembership ?? null).toBeNull();
    expect(whileDown.errors![0].extensions).toMatchObject({ code: 'INTERNAL_SERVER_ERROR' });
    const throughGateway = await postGraphQL(gateway.url, JKN_CARD_EXISTS, variables, await insurerOfficer());
    expect(throughGateway.errors![0].extensions).toMatchObject({ code: 'INTERNAL_SERVER_ERROR', subgraph: 'health' });
    expect(await ready(subgraph.url)).toBe(503);
    expect((await fetch(subgraph.url.replace('/graphql', '/health/live'))).status).toBe(200);

    await asAdmin(`ALTER DATABASE "${database}" ALLOW_CONNECTIONS true`);
    const back = await eventually(
      () => askSubgraph(subgraph.url),
      (r) => !r.errors,
    );
    expect(back.data.jknMembership).toEqual({
      cardNumber: card.cardNumber,
      status: card.status,
      segment: card.segment,
    });
    expect(await ready(subgraph.url)).toBe(200);
    expect((await postGraphQL(gateway.url, JKN_CARD_EXISTS, variables, await insurerOfficer())).errors).toBeUndefined();
  });

  describe('a gateway being stopped, as on SIGTERM', () => {
    it('is ready once its supergraph is loaded, and finishes the request in flight before it exits', async () => {
      expect(await ready(gateway.url)).toBe(200);
      proxy.behave({ kind: 'slow', delayMs: 700 });
      const reached = proxy.requests;
      const inFlight = postGraphQL(gateway.url, JKN_CARD_EXISTS, variables, await insurerOfficer());
      await eventually(
        async () => proxy.requests,
        (count) => count > reached,
      );

      const stopped = gateway.stop();
      const answer = await inFlight;
      await stopped;

      expect(answer.errors).toBeUndefined();
      expect(answer.data).toEqual({ jknMembership: { __typename: 'JknMembership' } });
      await expect(fetch(gateway.url.replace('/graphql', '/health/live'))).rejects.toThrow();
    });
  });
});
