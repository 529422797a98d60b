/**
 * Dinas Sosial joins the graph with a subgraph written in plain Apollo Server + @apollo/subgraph
 * (examples/social-assistance), trusting the gateway through the partner kit: it is checked,
 * composed in, served through the gateway without a restart, and nothing it holds lets it call
 * population as if it were the gateway.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { createSigner } from 'fast-jwt';
import gql from 'graphql-tag';
import { checkSubgraph, formatReport } from '../tools/schema/check';
import { fetchServiceSdl, RegistryEntry, runCompose } from '../tools/schema/compose';
import { startSocialAssistance } from '../examples/social-assistance/server';
import { typeDefs } from '../examples/social-assistance/schema';
import { createCallerVerifier } from '../examples/partner-kit';
import { CALLER_HEADER, operationDigest } from '../contract/caller';
import { pseudonymKey, pseudonymousSubject } from '../gateway/caller-forwarding/partner-view';
import type { VerifiedCaller } from '../examples/partner-kit';
import { maskNik } from '../domain/nik';
import { derivedSigningKey, JsonWebKeySet } from '../contract/caller-keys';
import { ALL_SCOPES, Scope } from '../contract/scopes';
import { readinessProbe } from '../gateway/resilience/readiness';
import type { RunningGateway } from '../gateway/server/gateway';
import { Federation, postGraphQL, startFederation } from './support/federation';

const root = path.join(__dirname, '..');
const NIK = '8171056606880001';
const SOCIAL_QUERY =
  'query SocialCheck($nik: String!) { worker(nik: $nik) { fullName socialAssistance { programme since } } }';
// Aliased as a client may: an alias hides no read from the audit.
const RECIPIENTS_QUERY =
  'query Recipients { assistanceRecipients(programme: PKH) { help: socialAssistance { kind: programme } } }';

/** A copy of the schema folder, so composing the partner in touches nothing of the repository's. */
function workspace(registry: RegistryEntry[]): {
  root: string;
  registryPath: string;
  supergraphPath: string;
  operationsDirectory: string;
  manifestPath: string;
} {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'partner-join-'));
  fs.cpSync(path.join(root, 'schema'), path.join(dir, 'schema'), {
    recursive: true,
    filter: (file) => !file.endsWith('.ts') && !file.endsWith('persisted-query-manifest.json'),
  });
  fs.writeFileSync(path.join(dir, 'schema', 'operations', 'social-check.graphql'), `${SOCIAL_QUERY}\n`);
  const registryPath = path.join(dir, 'schema', 'subgraphs.json');
  fs.writeFileSync(registryPath, JSON.stringify({ subgraphs: registry }, null, 2));
  return {
    root: dir,
    registryPath,
    supergraphPath: path.join(dir, 'schema', 'supergraph.graphql'),
    operationsDirectory: path.join(dir, 'schema', 'operations'),
    manifestPath: path.join(dir, 'none.json'),
  };
}

async function until<T>(attempt: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  for (let tries = 0; ; tries++) {
    const value = await attempt();
    if (done(value) || tries > 100) return value;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe('a partner agency joins with a plain Apollo subgraph and the partner kit', () => {
  let federation: Federation;
  let partner: { url: string; stop: () => Promise<void> };
  let jwksUrl: string;
  let joined: RunningGateway;
  let files: ReturnType<typeof workspace>;
  let registry: RegistryEntry[];
  const told: VerifiedCaller[] = [];

  beforeAll(async () => {
    // The operators grant the partner's declared scope to two roles (ROLE_SCOPE_GRANTS).
    federation = await startFederation({
      auth: {
        roleGrants: { 'population-officer': ['social-assistance:read'], 'budget-officer': ['social-assistance:read'] },
      },
    });
    jwksUrl = new URL('/.well-known/jwks.json', federation.gateway.url).toString();
    partner = await startSocialAssistance({ port: 0, jwksUrl, onCaller: (caller) => told.push(caller) });
    // The registry as the repository has it, its SDL files taken as committed, and the partner's entry.
    const ours = (
      JSON.parse(fs.readFileSync(path.join(root, 'schema', 'subgraphs.json'), 'utf8')).subgraphs as RegistryEntry[]
    ).map(({ generatedFromCode, ...entry }) => entry);
    registry = [
      ...ours,
      {
        name: 'social',
        routingUrl: partner.url,
        sdl: 'schema/social.graphql',
        owner: 'Dinas Sosial Kota Ambon',
        fetchFrom: partner.url,
        scopes: [{ name: 'social-assistance:read', description: 'which social assistance a household receives' }],
        // Its resolvers limit a village-scoped caller to their villages, so it is told them.
        assertion: { villageRule: true },
      },
    ];
    files = workspace(ours);
    joined = await federation.startGateway({
      supergraphPath: files.supergraphPath,
      subgraphUrls: { social: partner.url },
    });
  });
  afterAll(async () => {
    await partner?.stop();
    await federation?.stop();
    if (files) fs.rmSync(files.root, { recursive: true, force: true });
  });

  it('the gateway publishes its public keys by kid, and nothing that signs', async () => {
    const response = await fetch(jwksUrl);
    expect(response.status).toBe(200);
    const jwks = (await response.json()) as JsonWebKeySet;
    expect(jwks.keys).toEqual([
      expect.objectContaining({
        kty: 'OKP',
        crv: 'Ed25519',
        alg: 'EdDSA',
        kid: derivedSigningKey(federation.gatewaySecret).kid,
      }),
    ]);
    expect(JSON.stringify(jwks)).not.toMatch(/"d"/);
  });

  it('passes the check, is composed in and served through the gateway without a restart', async () => {
    const sdl = await fetchServiceSdl('social', partner.url, federation.gatewaySecret);
    const report = await checkSubgraph({
      name: 'social',
      sdl,
      registry,
      currentSupergraphSdl: fs.readFileSync(files.supergraphPath, 'utf8'),
      manifestPath: files.manifestPath,
    });
    expect(formatReport(report)).toContain('Checking the social subgraph (joining the graph)');
    expect(formatReport(report)).toContain('Result: PASS');

    fs.writeFileSync(files.registryPath, JSON.stringify({ subgraphs: registry }, null, 2));
    const composed = await runCompose({ ...files, signer: federation.gatewaySecret });
    expect(composed.output).toContain('Composed 5 subgraphs');
    expect(composed.exitCode).toBe(0);
    expect(fs.readFileSync(path.join(files.root, 'schema', 'social.graphql'), 'utf8')).toContain(
      'socialAssistance: SocialAssistance',
    );

    const headers = {
      authorization: `Bearer ${await federation.token({ subject: 'petugas-sosial', scopes: [...ALL_SCOPES, 'social-assistance:read'] })}`,
    };
    const answer = await until(
      () => postGraphQL(joined.url, SOCIAL_QUERY, { nik: NIK }, headers),
      (a) => Boolean(a.data?.worker?.socialAssistance),
    );
    expect(answer).toEqual({
      data: { worker: { fullName: 'Agustina Pesulima', socialAssistance: { programme: 'PKH', since: '2021-03' } } },
    });
  });

  it("a role granted the partner's scope reads it in clear, one without personal-data:read masked like a name", async () => {
    const officer = await postGraphQL(
      joined.url,
      SOCIAL_QUERY,
      { nik: NIK },
      await federation.as('population-officer'),
    );
    expect(officer).toEqual({
      data: { worker: { fullName: 'Agustina Pesulima', socialAssistance: { programme: 'PKH', since: '2021-03' } } },
    });
    const budget = await postGraphQL(joined.url, SOCIAL_QUERY, { nik: NIK }, await federation.as('budget-officer'));
    expect(budget).toEqual({
      data: { worker: { fullName: 'A******* P*******', socialAssistance: { programme: '****', since: '****' } } },
    });
  });

  it('tells the partner only the scopes its fields require, under a pseudonym of its own', async () => {
    told.length = 0;
    const answer = await postGraphQL(joined.url, SOCIAL_QUERY, { nik: NIK }, await federation.as('population-officer'));
    expect(answer.data?.worker?.socialAssistance).toEqual({ programme: 'PKH', since: '2021-03' });
    expect(told).toHaveLength(1);
    const [caller] = told;
    // The officer also holds workers:write, budget:read and coverage:read: none of them reach the partner.
    // workers:read does, as its root field assistanceRecipients answers Workers, which need it.
    expect([...caller.scopes].sort()).toEqual(
      [Scope.PERSONAL_DATA_READ, 'social-assistance:read', Scope.ALL_VILLAGES, Scope.WORKERS_READ].sort(),
    );
    expect(caller.scopes).not.toContain(Scope.WORKERS_WRITE);
    expect(caller.roles).toEqual([]);
    expect(caller.agency).toBe('');
    const subject = 'population-officer@ambon.example';
    expect(caller.subject).not.toBe(subject);
    expect(caller.subject).not.toContain('population-officer');
    // Stable for this partner, and not what another partner (health) is told of the same person.
    expect(caller.subject).toBe(pseudonymousSubject(subject, pseudonymKey(federation.gatewaySecret, 'social')));
    expect(caller.subject).not.toBe(pseudonymousSubject(subject, pseudonymKey(federation.gatewaySecret, 'health')));
    await postGraphQL(joined.url, SOCIAL_QUERY, { nik: NIK }, await federation.as('population-officer'));
    expect(told[1].subject).toBe(caller.subject);
  });

  it("refuses the partner's field to a role not granted its scope, and answers the rest", async () => {
    const answer = await postGraphQL(joined.url, SOCIAL_QUERY, { nik: NIK }, await federation.as('insurer-officer'));
    expect(answer.data?.worker).toEqual({ fullName: 'Agustina Pesulima', socialAssistance: null });
    expect(answer.errors?.[0]).toMatchObject({
      path: ['worker', 'socialAssistance'],
      extensions: { code: 'FORBIDDEN' },
    });
  });

  it("records every read of the partner's personal field in the read audit, for auditors to query by partner", async () => {
    await postGraphQL(joined.url, SOCIAL_QUERY, { nik: NIK }, await federation.as('population-officer'));
    await postGraphQL(joined.url, SOCIAL_QUERY, { nik: NIK }, await federation.as('budget-officer'));
    // Through the partner's own root field, its share of the query names no NIK: the gateway adds it, and takes it out again.
    const recipients = await postGraphQL(joined.url, RECIPIENTS_QUERY, {}, await federation.as('population-officer'));
    expect(recipients).toEqual({ data: { assistanceRecipients: [{ help: { kind: 'PKH' } }] } });

    // Newest first: the three reads above.
    const trail = await postGraphQL(
      joined.url,
      'query Trail { personReads(subgraph: "social", first: 3) { nodes { nik reader subgraph fields operationName } } }',
      {},
      await federation.as('auditor'),
    );
    const read = (
      reader: string,
      operationName: string,
      fields = ['SocialAssistance.programme', 'SocialAssistance.since'],
    ) => ({ nik: maskNik(NIK), reader, subgraph: 'social', fields, operationName });
    expect(trail.data?.personReads.nodes).toEqual([
      read('population-officer@ambon.example', 'Recipients', ['SocialAssistance.programme']),
      read('budget-officer@ambon.example', 'SocialCheck'),
      read('population-officer@ambon.example', 'SocialCheck'),
    ]);
    // The population office's own read of the name in the same request keeps its row beside the partner's.
    const officer = await postGraphQL(
      joined.url,
      'query Trail($nik: String!) { personReads(nik: $nik, reader: "population-officer@ambon.example", first: 10) { nodes { subgraph fields operationName } } }',
      { nik: NIK },
      await federation.as('auditor'),
    );
    expect(officer.data?.personReads.nodes).toEqual(
      expect.arrayContaining([
        { subgraph: 'population', fields: null, operationName: 'SocialCheck' },
        {
          subgraph: 'social',
          fields: ['SocialAssistance.programme', 'SocialAssistance.since'],
          operationName: 'SocialCheck',
        },
      ]),
    );
  });

  it("withholds the partner's answer when the read audit cannot record it", async () => {
    const unaudited = await federation.startGateway({
      supergraphPath: files.supergraphPath,
      subgraphUrls: { social: partner.url, population: 'http://127.0.0.1:9/graphql' },
    });
    try {
      const officer = await federation.as('population-officer');
      const answer = await until(
        () => postGraphQL(unaudited.url, RECIPIENTS_QUERY, {}, officer),
        (a) =>
          !a.errors?.some(
            (e: { extensions?: { code?: string } }) => e.extensions?.code === 'GRAPHQL_VALIDATION_FAILED',
          ),
      );
      expect(answer.data ?? null).toBeNull();
      expect(answer.errors).toEqual([
        expect.objectContaining({ extensions: expect.objectContaining({ code: 'AUDIT_UNAVAILABLE' }) }),
      ]);
      expect(JSON.stringify(answer)).not.toContain('PKH');
    } finally {
      await unaudited.stop();
    }
  });

  it('the kit refuses a request that did not come through the gateway, or came twice', async () => {
    const query = `query { _entities(representations: [{ __typename: "Worker", nik: "${NIK}" }]) { ... on Worker { socialAssistance { programme } } } }`;
    const direct = await fetch(partner.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query }),
    });
    expect(direct.status).toBe(401);
    const signed = await federation.callerHeader(
      'social' as never,
      { subject: 'petugas-sosial', scopes: ['social-assistance:read', Scope.ALL_VILLAGES] },
      { query },
    );
    const send = () =>
      fetch(partner.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...signed },
        body: JSON.stringify({ query, variables: {} }),
      });
    expect(await (await send()).json()).toEqual({ data: { _entities: [{ socialAssistance: { programme: 'PKH' } }] } });
    const again = await send();
    expect(again.status).toBe(401);
    expect(((await again.json()) as { errors: { message: string }[] }).errors[0].message).toContain('already used');
  });

  it('holding what the partner holds (the JWKS and assertions addressed to it) cannot produce a call population accepts', async () => {
    const jwks = (await (await fetch(jwksUrl)).json()) as JsonWebKeySet;
    const query = `{ worker(nik: "${NIK}") { nik fullName birthDate } }`;
    const digest = operationDigest(query, {});
    const [toPartner] = Object.values(
      await federation.callerHeader('social' as never, { subject: 'petugas-sosial', scopes: ALL_SCOPES }, { query }),
    );
    const attacker = generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    const claims = {
      sub: 'attacker',
      agency: 'x',
      roles: [],
      scopes: ALL_SCOPES,
      villages: [],
      requestId: 'r',
      digest,
      iss: 'ambon-coverage-gateway',
      aud: 'population',
      exp: Math.floor(Date.now() / 1000) + 60,
    };
    const forgeries = {
      'an assertion addressed to the partner': toPartner,
      "the partner's own key under the gateway's kid": createSigner({
        key: attacker,
        algorithm: 'EdDSA',
        kid: jwks.keys[0].kid,
      })({ ...claims, jti: randomUUID() }),
      'HS256 keyed with the published key': createSigner({
        key: Buffer.from(jwks.keys[0].x, 'base64url').toString('latin1'),
        algorithm: 'HS256',
        kid: jwks.keys[0].kid,
      })({ ...claims, jti: randomUUID() }),
    };
    for (const [forgery, assertion] of Object.entries(forgeries)) {
      const response = await fetch(federation.subgraphs.population.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [CALLER_HEADER]: assertion },
        body: JSON.stringify({ query, variables: {} }),
      });
      const body = (await response.json()) as { data?: unknown; errors?: { extensions?: { code?: string } }[] };
      expect({
        forgery,
        status: response.status,
        data: body.data ?? null,
        code: body.errors?.[0]?.extensions?.code,
      }).toEqual({ forgery, status: 401, data: null, code: 'UNAUTHENTICATED' });
    }
    // The kit, given the same key set, accepts only what is addressed to its own audience.
    const asPopulation = createCallerVerifier({ audience: 'population', jwks: jwks as never });
    await expect(asPopulation.verify({ [CALLER_HEADER]: toPartner }, { query, variables: {} })).rejects.toMatchObject({
      extensions: { code: 'UNAUTHENTICATED' },
    });
  });

  it("the gateway's readiness probe works for a plain Apollo server, through { __typename }", async () => {
    const probe = readinessProbe(derivedSigningKey(federation.gatewaySecret));
    expect(await probe('social', partner.url)).toBe(true);
    expect(await probe('population', federation.subgraphs.population.url)).toBe(true);
    expect(await probe('social', 'http://127.0.0.1:9/graphql')).toBe(false);
  });

  describe('compose is all or nothing', () => {
    it('refuses, and writes nothing, when the partner drops a field a listed operation reads', async () => {
      const withoutSince = gql(
        typeDefs.loc!.source.body.replace(
          /"""\s*The first month it was paid, YYYY-MM[^"]*"""\s+since: String! @tag\(name: "personal-data\/full"\)/,
          '',
        ),
      );
      const changed = new ApolloServer({
        schema: buildSubgraphSchema([
          { typeDefs: withoutSince, resolvers: { Worker: { socialAssistance: () => null } } },
        ]),
      });
      const { url } = await startStandaloneServer(changed, { listen: { port: 0, host: '127.0.0.1' } });
      try {
        const before = ['supergraph.graphql', 'social.graphql', 'api.graphql'].map((file) =>
          fs.readFileSync(path.join(files.root, 'schema', file), 'utf8'),
        );
        fs.writeFileSync(
          files.registryPath,
          JSON.stringify(
            { subgraphs: registry.map((e) => (e.name === 'social' ? { ...e, fetchFrom: url } : e)) },
            null,
            2,
          ),
        );
        const { exitCode, output } = await runCompose({ ...files, signer: federation.gatewaySecret });
        expect(output).toContain('FIELD_REMOVED: SocialAssistance.since was removed.');
        expect(output).toMatch(/SocialCheck \(schema\/operations\/social-check\.graphql\): Cannot query field "since"/);
        expect(output).toContain('Nothing was written.');
        expect(exitCode).toBe(1);
        const after = ['supergraph.graphql', 'social.graphql', 'api.graphql'].map((file) =>
          fs.readFileSync(path.join(files.root, 'schema', file), 'utf8'),
        );
        expect(after).toEqual(before);
      } finally {
        await changed.stop();
      }
    });

    it('keeps the last registered SDL of a partner that cannot be reached, with a warning', async () => {
      fs.writeFileSync(
        files.registryPath,
        JSON.stringify(
          {
            subgraphs: registry.map((e) =>
              e.name === 'social' ? { ...e, fetchFrom: 'http://127.0.0.1:9/graphql' } : e,
            ),
          },
          null,
          2,
        ),
      );
      const { exitCode, output } = await runCompose({ ...files, signer: federation.gatewaySecret });
      expect(output).toContain('! social could not be reached at http://127.0.0.1:9/graphql');
      expect(output).toContain('keeping its last registered SDL (schema/social.graphql)');
      expect(output).not.toMatch(/\n\s+at /);
      expect(exitCode).toBe(0);
      expect(fs.readFileSync(files.supergraphPath, 'utf8')).toContain('socialAssistance: SocialAssistance');
    });
  });
});
