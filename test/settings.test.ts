/**
 * Settings are resolved once, at each process's entry file, from the environment it was started
 * with, and passed down as typed objects: library code never reads the environment itself. Each
 * process's settings keep the defaults and refusals the README's Configuration tables give.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { resolveTrustSettings } from '../contract/settings';
import { resolveGatewaySettings } from '../gateway/server/settings';
import { integer, PROJECT_ROOT, resolveProcessSettings } from '../platform/settings';
import { resolveSubgraphSettings } from '../subgraphs/kit/settings';
import { resolveBenchSettings } from '../bench/settings';
import { resolveLaunchSettings } from '../dev/settings';
import { resolveToolSettings } from '../tools/settings';

/** The files that start a process: the only ones in the library layers allowed to read process.env. */
const EDGES = ['gateway/index.ts', 'subgraphs/kit/main.ts', 'subgraphs/seed.ts'];
/** Sets APOLLO_TELEMETRY_DISABLED before Apollo loads (test/no-telemetry.test.ts), so it must touch process.env. */
const TELEMETRY_SWITCH = 'platform/no-telemetry.ts';

function sourceFiles(folder: string): string[] {
  return fs.readdirSync(path.join(PROJECT_ROOT, folder), { withFileTypes: true }).flatMap((entry) => {
    const relative = path.posix.join(folder, entry.name);
    if (entry.isDirectory()) return sourceFiles(relative);
    return /\.(ts|tsx|mts)$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [relative] : [];
  });
}

const read = (file: string) => fs.readFileSync(path.join(PROJECT_ROOT, file), 'utf8');
const libraryFiles = () =>
  ['platform', 'contract', 'domain', 'subgraphs', 'gateway']
    .flatMap(sourceFiles)
    .filter(
      (file) => !EDGES.includes(file) && !/^subgraphs\/[^/]+\/index\.ts$/.test(file) && file !== TELEMETRY_SWITCH,
    );

/** A directory of its own for development secrets, so a test never writes into the repository's .data. */
const scratches: string[] = [];
const scratch = () => {
  scratches.push(fs.mkdtempSync(path.join(os.tmpdir(), 'settings-')));
  return scratches[scratches.length - 1];
};
afterAll(() => scratches.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));
const SECRET = 'x'.repeat(32);

describe('the library layers', () => {
  it('read no environment: only entry files and the telemetry switch do', () => {
    const readers = libraryFiles().filter((file) => /process\.env\b/.test(read(file)));
    expect(readers).toEqual([]);
  });

  it('keep no global configuration: each process resolves its own settings at its edge', () => {
    const callers = [...libraryFiles(), ...['tools', 'dev', 'bench', 'test'].flatMap(sourceFiles)].filter(
      (file) => file !== 'test/settings.test.ts' && /\bloadConfig\(/.test(read(file)),
    );
    expect(callers).toEqual([]);
    expect(fs.existsSync(path.join(PROJECT_ROOT, 'platform', 'config.ts'))).toBe(false);
  });
});

describe('the shared parser', () => {
  it('takes a default when a setting is unset or empty, and refuses what is not a non-negative integer', () => {
    expect(integer({}, 'GATEWAY_PORT', 4000)).toBe(4000);
    expect(integer({ GATEWAY_PORT: '' }, 'GATEWAY_PORT', 4000)).toBe(4000);
    expect(() => integer({ GATEWAY_PORT: '-1' }, 'GATEWAY_PORT', 4000)).toThrow(
      'GATEWAY_PORT must be a non-negative integer, got "-1"',
    );
    expect(() => integer({ GATEWAY_PORT: '4e3x' }, 'GATEWAY_PORT', 4000)).toThrow(
      'GATEWAY_PORT must be a non-negative integer, got "4e3x"',
    );
  });

  it('listens on the loopback address and keeps data under the repository unless told otherwise', () => {
    expect(resolveProcessSettings({})).toEqual({
      production: false,
      dataDir: path.join(PROJECT_ROOT, '.data'),
      listenAddress: '127.0.0.1',
      projectRoot: PROJECT_ROOT,
    });
  });
});

describe("the caller trust's settings", () => {
  it('generate a development secret once per data directory, and refuse a short one', () => {
    const dataDir = scratch();
    const first = resolveTrustSettings({}, { production: false, dataDir });
    expect(first.gatewaySecret).toHaveLength(43);
    expect(resolveTrustSettings({}, { production: false, dataDir }).gatewaySecret).toBe(first.gatewaySecret);
    expect(first.callerTokenTtlSeconds).toBe(60);
    expect(() => resolveTrustSettings({ GATEWAY_SUBGRAPH_SECRET: 'short' }, { production: false, dataDir })).toThrow(
      'GATEWAY_SUBGRAPH_SECRET must be at least 32 characters long',
    );
  });

  it('hold no secret in a subgraph given only the public key', () => {
    expect(
      resolveTrustSettings(
        { CALLER_JWKS_URL: 'http://gateway/.well-known/jwks.json' },
        { production: true, dataDir: scratch() },
      ).gatewaySecret,
    ).toBe('');
  });
});

describe("a subgraph's settings", () => {
  it('default to its own port, the others on this host, and the README defaults', () => {
    const settings = resolveSubgraphSettings({ DATA_DIR: scratch() }, 'membership');
    expect(settings).toMatchObject({
      name: 'membership',
      port: 4003,
      poolSize: 10,
      maintenanceIntervalMs: 30_000,
      enrollmentGraceMs: 60_000,
      heartbeatMs: 1_000,
      claimItemApprovalAboveRupiah: 100_000_000,
      seedOnStart: true,
      peerUrls: {
        population: 'http://localhost:4001/graphql',
        budget: 'http://localhost:4002/graphql',
        membership: 'http://localhost:4003/graphql',
        health: 'http://localhost:4004/graphql',
      },
      logging: { level: 'info', format: 'pretty' },
    });
    // Derived from the trust secret, so one secret is all development needs.
    expect(settings.cursorSecret).toBe(settings.trust.gatewaySecret);
  });

  it('refuse to start in production without the trust secret, or a partner without its own entity-id and cursor secrets', () => {
    const dataDir = scratch();
    expect(() => resolveSubgraphSettings({ NODE_ENV: 'production', DATA_DIR: dataDir }, 'population')).toThrow(
      'GATEWAY_SUBGRAPH_SECRET must be set when NODE_ENV=production',
    );
    const partner = {
      NODE_ENV: 'production',
      DATA_DIR: dataDir,
      CALLER_JWKS_URL: 'http://gateway/.well-known/jwks.json',
    };
    expect(() => resolveSubgraphSettings(partner, 'health')).toThrow(
      'ENTITY_ID_SECRET must be set when NODE_ENV=production',
    );
    expect(() => resolveSubgraphSettings({ ...partner, ENTITY_ID_SECRET: SECRET }, 'health')).toThrow(
      'CURSOR_SECRET must be set when NODE_ENV=production',
    );
    expect(
      resolveSubgraphSettings({ ...partner, ENTITY_ID_SECRET: SECRET, CURSOR_SECRET: SECRET }, 'health').production,
    ).toBe(true);
  });
});

describe("the gateway's settings", () => {
  it('default as the README says', () => {
    const settings = resolveGatewaySettings({
      DATA_DIR: scratch(),
      BUDGET_SUBGRAPH_URL: 'http://budget:4002/graphql',
      BUDGET_SUBGRAPH_TIMEOUT_MS: '9000',
    });
    expect(settings).toMatchObject({
      refusalMode: 'filter',
      trustedDocuments: 'off',
      corsAllowLocalhost: true,
      limits: { maxDepth: 10, maxCost: 100_000, maxBatchSize: 5, callerMaxConcurrent: 4 },
      auth: {
        issuer: 'ambon-coverage-development',
        audience: 'ambon-coverage-federation',
        maxTokenLifetimeSeconds: 86_400,
      },
      gateway: {
        port: 4000,
        supergraphPath: path.join(PROJECT_ROOT, 'schema', 'supergraph.graphql'),
        subgraphUrls: { budget: 'http://budget:4002/graphql' },
        resilience: { timeoutMs: 5000, timeoutMsBySubgraph: { budget: 9000 }, queryRetries: 2 },
        entityCacheTtlSeconds: 60,
      },
    });
  });

  it('refuse production without the client-token secret, and an unknown refusal mode', () => {
    const dataDir = scratch();
    expect(() =>
      resolveGatewaySettings({ NODE_ENV: 'production', DATA_DIR: dataDir, GATEWAY_SUBGRAPH_SECRET: SECRET }),
    ).toThrow('AUTH_HS256_SECRET must be set when NODE_ENV=production');
    const production = resolveGatewaySettings({
      NODE_ENV: 'production',
      DATA_DIR: dataDir,
      GATEWAY_SUBGRAPH_SECRET: SECRET,
      AUTH_JWKS_URL: 'https://id.example/jwks',
    });
    expect({ hs256Secret: production.auth.hs256Secret, corsAllowLocalhost: production.corsAllowLocalhost }).toEqual({
      hs256Secret: undefined,
      corsAllowLocalhost: false,
    });
    expect(() => resolveGatewaySettings({ DATA_DIR: dataDir, REFUSAL_MODE: 'maybe' })).toThrow(
      'REFUSAL_MODE must be one of filter, reject, got "maybe"',
    );
    expect(() => resolveGatewaySettings({ DATA_DIR: dataDir, ROLE_SCOPE_GRANTS: 'population-officer' })).toThrow(
      'ROLE_SCOPE_GRANTS: expected role=scope,scope;role=scope, got "population-officer"',
    );
  });
});

describe("the launcher's, the tools' and the bench's settings", () => {
  it('the launcher starts every service at its default port, and refuses a port that is not one', () => {
    expect(resolveLaunchSettings({ DATA_DIR: scratch() })).toMatchObject({
      gatewayPort: 4000,
      subgraphPorts: { population: 4001, budget: 4002, membership: 4003, health: 4004 },
    });
    expect(() => resolveLaunchSettings({ DATA_DIR: scratch(), HEALTH_PORT: 'x' })).toThrow(
      'HEALTH_PORT must be a non-negative integer, got "x"',
    );
  });

  it('the tools read the registry database when configured, and refuse production without the trust secret', () => {
    expect(resolveToolSettings({ DATA_DIR: scratch() }).registryDatabaseUrl).toBeUndefined();
    expect(
      resolveToolSettings({ DATA_DIR: scratch(), REGISTRY_DATABASE_URL: 'postgres://r' }).registryDatabaseUrl,
    ).toBe('postgres://r');
    expect(() => resolveToolSettings({ NODE_ENV: 'production', DATA_DIR: scratch() })).toThrow(
      'GATEWAY_SUBGRAPH_SECRET must be set when NODE_ENV=production',
    );
  });

  it('the bench runs every suite at full size unless told, and refuses a suite it does not have', () => {
    expect(resolveBenchSettings({})).toEqual({
      quick: false,
      nationalWorkers: 1_000_000,
      seconds: 3,
      rounds: 5,
      warmupSeconds: 10,
      suites: ['headline', 'roster', 'scale', 'writes', 'analysts', 'embedded', 'executor'],
    });
    expect(resolveBenchSettings({ BENCH_QUICK: '1' })).toMatchObject({
      quick: true,
      nationalWorkers: 100_000,
      rounds: 1,
    });
    expect(() => resolveBenchSettings({ BENCH_SUITES: 'headline,nope' })).toThrow(
      'BENCH_SUITES: unknown suite(s) nope; choose from headline, roster, scale, writes, analysts, embedded, executor',
    );
  });
});
