/**
 * The schema registry with history, in PostgreSQL (REGISTRY_DATABASE_URL): every published
 * subgraph version with its SDL, its author and its check report, and every supergraph composed
 * from them, so any earlier graph can be served again. schema/subgraphs.json stays the seed: a
 * subgraph without versions starts from its entry and checked-in SDL file.
 *
 * Publishing takes the subgraph's own credential (one per partner, stored only as a hash): a
 * partner can publish its own schema and nobody else's. A version that fails the check is kept,
 * with its report, but never composed.
 *
 * Versions and supergraphs belong to a variant: `current` is what production serves; another
 * (`staging`) is the current graph with the versions published to it laid over, so a partner's
 * change can be served and tried before it is published to `current`.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Pool } from 'pg';
import { checkSubgraph, CheckReport, passes } from './check';
import { compose, RegistryEntry } from './composition';

export interface SubgraphVersion {
  id: number;
  subgraph: string;
  entry: RegistryEntry;
  sdl: string;
  author: string;
  approved: boolean;
  report: CheckReport | null;
  publishedAt: Date;
  variant: string;
}

export interface SupergraphVersion {
  id: number;
  sdl: string;
  subgraphVersions: number[];
  composedBy: string;
  composedAt: Date;
  /** Set when this version served an earlier one again. */
  rollbackOf: number | null;
  variant: string;
}

export const CURRENT_VARIANT = 'current';
export const VARIANT_NAME = /^[a-z][a-z0-9-]{0,30}$/;

const MIGRATION = `
CREATE TABLE IF NOT EXISTS registry_credential (
  subgraph text PRIMARY KEY,
  credential_hash text NOT NULL
);
CREATE TABLE IF NOT EXISTS registry_subgraph_version (
  id serial PRIMARY KEY,
  subgraph text NOT NULL,
  entry jsonb NOT NULL,
  sdl text NOT NULL,
  author text NOT NULL,
  approved boolean NOT NULL,
  report jsonb,
  published_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS registry_subgraph_version_latest ON registry_subgraph_version (subgraph, approved, id DESC);
CREATE TABLE IF NOT EXISTS registry_supergraph_version (
  id serial PRIMARY KEY,
  sdl text NOT NULL,
  subgraph_versions integer[] NOT NULL,
  composed_by text NOT NULL,
  rollback_of integer REFERENCES registry_supergraph_version (id),
  composed_at timestamptz NOT NULL DEFAULT now()
);
ALTER TABLE registry_subgraph_version ADD COLUMN IF NOT EXISTS variant text NOT NULL DEFAULT 'current';
ALTER TABLE registry_supergraph_version ADD COLUMN IF NOT EXISTS variant text NOT NULL DEFAULT 'current';
CREATE INDEX IF NOT EXISTS registry_supergraph_version_latest ON registry_supergraph_version (variant, id DESC);`;

const hash = (credential: string) => createHash('sha256').update(credential).digest('hex');

export class RegistryRefused extends Error {}

export class RegistryStore {
  private readonly pool: Pool;

  constructor(url: string) {
    this.pool = new Pool({ connectionString: url, max: 2 });
  }

  async migrate(): Promise<void> {
    await this.pool.query(MIGRATION);
  }

  async close(): Promise<void> {
    await this.pool.end();
  }

  /** Every entry of the JSON registry without a version yet becomes version 1, approved, authored `seed`. */
  async seed(registry: RegistryEntry[], root: string): Promise<string[]> {
    const seeded: string[] = [];
    for (const entry of registry) {
      const { rows } = await this.pool.query('SELECT 1 FROM registry_subgraph_version WHERE subgraph = $1 LIMIT 1', [
        entry.name,
      ]);
      if (rows.length) continue;
      const sdl = fs.readFileSync(path.join(root, entry.sdl), 'utf8');
      await this.pool.query(
        'INSERT INTO registry_subgraph_version (subgraph, entry, sdl, author, approved) VALUES ($1, $2, $3, $4, true)',
        [entry.name, entry, sdl, 'seed'],
      );
      seeded.push(entry.name);
    }
    return seeded;
  }

  /** A new credential for `subgraph`, replacing any earlier one: shown once, stored as a hash. */
  async issueCredential(subgraph: string): Promise<string> {
    const credential = `${subgraph}.${randomBytes(24).toString('base64url')}`;
    await this.pool.query(
      'INSERT INTO registry_credential (subgraph, credential_hash) VALUES ($1, $2) ON CONFLICT (subgraph) DO UPDATE SET credential_hash = EXCLUDED.credential_hash',
      [subgraph, hash(credential)],
    );
    return credential;
  }

  private async authorise(subgraph: string, credential: string): Promise<void> {
    const { rows } = await this.pool.query<{ credential_hash: string }>(
      'SELECT credential_hash FROM registry_credential WHERE subgraph = $1',
      [subgraph],
    );
    const expected = rows[0] ? Buffer.from(rows[0].credential_hash, 'hex') : undefined;
    const given = Buffer.from(hash(credential), 'hex');
    if (!expected || !timingSafeEqual(expected, given))
      throw new RegistryRefused(`This credential may not publish the ${subgraph} subgraph.`);
  }

  /** The newest approved version of every subgraph in `variant`, falling back to `current` for the subgraphs not published there. */
  async latestApproved(variant = CURRENT_VARIANT): Promise<SubgraphVersion[]> {
    const { rows } = await this.pool.query(
      `SELECT DISTINCT ON (subgraph) * FROM registry_subgraph_version
       WHERE approved AND variant IN ($1, '${CURRENT_VARIANT}') ORDER BY subgraph, (variant = $1) DESC, id DESC`,
      [variant],
    );
    return rows.map(toSubgraphVersion).sort((a, b) => a.id - b.id);
  }

  /** The supergraph `variant` serves; a variant composed nothing yet is checked against `current`'s. */
  async latestSupergraph(variant = CURRENT_VARIANT): Promise<SupergraphVersion | undefined> {
    const { rows } = await this.pool.query(
      `SELECT * FROM registry_supergraph_version WHERE variant IN ($1, '${CURRENT_VARIANT}') ORDER BY (variant = $1) DESC, id DESC LIMIT 1`,
      [variant],
    );
    return rows[0] && toSupergraphVersion(rows[0]);
  }

  /**
   * Checks `sdl` against the latest approved versions and the latest composed supergraph (or
   * `servedSupergraphSdl`), and stores it with the report: approved when the check passes.
   */
  async publish(request: {
    subgraph: string;
    sdl: string;
    author: string;
    credential: string;
    entry?: Partial<RegistryEntry>;
    servedSupergraphSdl?: string;
    variant?: string;
  }): Promise<SubgraphVersion> {
    await this.authorise(request.subgraph, request.credential);
    const variant = request.variant ?? CURRENT_VARIANT;
    const latest = await this.latestApproved(variant);
    const previous = latest.find((v) => v.subgraph === request.subgraph);
    const entry: RegistryEntry = {
      ...(previous?.entry ?? {
        name: request.subgraph,
        routingUrl: `http://${request.subgraph}.invalid/graphql`,
        sdl: `schema/${request.subgraph}.graphql`,
      }),
      ...request.entry,
      name: request.subgraph,
    };
    const served = (await this.latestSupergraph(variant))?.sdl ?? request.servedSupergraphSdl;
    const report = await checkSubgraph({
      name: request.subgraph,
      sdl: request.sdl,
      routingUrl: entry.routingUrl,
      registry: [
        ...latest.filter((v) => v.subgraph !== request.subgraph).map((v) => v.entry),
        ...(previous ? [entry] : []),
      ],
      currentSupergraphSdl: served,
      sdlOf: new Map(latest.map((v) => [v.entry.sdl, v.sdl])),
    });
    // The proposed supergraph is large and recomposed on demand; the report keeps the findings.
    const stored = report.composes ? { ...report, proposedSupergraphSdl: undefined } : report;
    const { rows } = await this.pool.query(
      'INSERT INTO registry_subgraph_version (subgraph, entry, sdl, author, approved, report, variant) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING *',
      [request.subgraph, entry, request.sdl, request.author, passes(report), stored, variant],
    );
    return toSubgraphVersion(rows[0]);
  }

  /** Composes the latest approved versions and records the supergraph; undefined with errors when they do not compose. */
  async compose(
    composedBy: string,
    variant = CURRENT_VARIANT,
  ): Promise<{ version?: SupergraphVersion; errors: string[] }> {
    const latest = await this.latestApproved(variant);
    const composition = compose(
      latest.map((v) => ({ name: v.subgraph, url: v.entry.routingUrl, owner: v.entry.owner, typeDefs: v.sdl })),
    );
    if (!composition.ok) return { errors: composition.errors };
    const current = await this.latestSupergraph(variant);
    if (current?.variant === variant && current.sdl === composition.supergraphSdl)
      return { version: current, errors: [] };
    const { rows } = await this.pool.query(
      'INSERT INTO registry_supergraph_version (sdl, subgraph_versions, composed_by, variant) VALUES ($1, $2, $3, $4) RETURNING *',
      [composition.supergraphSdl, latest.map((v) => v.id), composedBy, variant],
    );
    return { version: toSupergraphVersion(rows[0]), errors: [] };
  }

  /** Serves supergraph `id` again in `variant`, recorded as a new version so the history shows the rollback. */
  async rollback(id: number, by: string, variant = CURRENT_VARIANT): Promise<SupergraphVersion> {
    const { rows } = await this.pool.query('SELECT * FROM registry_supergraph_version WHERE id = $1', [id]);
    if (!rows[0]) throw new RegistryRefused(`There is no supergraph version ${id}.`);
    const inserted = await this.pool.query(
      'INSERT INTO registry_supergraph_version (sdl, subgraph_versions, composed_by, rollback_of, variant) VALUES ($1, $2, $3, $4, $5) RETURNING *',
      [rows[0].sdl, rows[0].subgraph_versions, by, id, variant],
    );
    return toSupergraphVersion(inserted.rows[0]);
  }

  async history(): Promise<{ subgraphs: SubgraphVersion[]; supergraphs: SupergraphVersion[] }> {
    const subgraphs = await this.pool.query('SELECT * FROM registry_subgraph_version ORDER BY id');
    const supergraphs = await this.pool.query('SELECT * FROM registry_supergraph_version ORDER BY id');
    return { subgraphs: subgraphs.rows.map(toSubgraphVersion), supergraphs: supergraphs.rows.map(toSupergraphVersion) };
  }
}

function toSubgraphVersion(row: Record<string, any>): SubgraphVersion {
  return {
    id: row.id,
    subgraph: row.subgraph,
    entry: row.entry,
    sdl: row.sdl,
    author: row.author,
    approved: row.approved,
    report: row.report,
    publishedAt: row.published_at,
    variant: row.variant,
  };
}

function toSupergraphVersion(row: Record<string, any>): SupergraphVersion {
  return {
    id: row.id,
    sdl: row.sdl,
    subgraphVersions: row.subgraph_versions,
    composedBy: row.composed_by,
    composedAt: row.composed_at,
    rollbackOf: row.rollback_of,
    variant: row.variant,
  };
}
