/**
 * Opens a subgraph's own database: a real PostgreSQL when a URL is configured, otherwise an
 * embedded PostgreSQL (PGlite) served on a loopback socket so the same `pg` driver, pool and
 * SQL run unchanged. Migrations, never `synchronize`, shape the tables.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Client, Pool, types } from 'pg';
import { DataSource, Logger, MixedList, EntitySchema } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import { createLogger } from './logger';

// A SQL date is a calendar day: keep it as 'YYYY-MM-DD' rather than a midnight in the server's zone.
types.setTypeParser(types.builtins.DATE, (value) => value);

export interface DatabaseOptions {
  name: string;
  url?: string;
  /** Where the embedded database keeps its files when no URL is given. */
  dataDir: string;
  poolSize: number;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- typeorm and type-graphql take classes typed as Function
  entities: MixedList<Function | string | EntitySchema>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- typeorm and type-graphql take classes typed as Function
  migrations: MixedList<Function | string>;
  quiet?: boolean;
}

export interface Database {
  dataSource: DataSource;
  /** Counts SQL statements sent, so tests and benchmarks can prove there is no N+1. */
  statements: StatementCounter;
  embedded: boolean;
  close(): Promise<void>;
}

const log = createLogger('database');

export class StatementCounter implements Logger {
  count = 0;

  /** `quiet` keeps migration chatter out of test output; SQL errors are always reported. */
  constructor(private readonly quiet = false) {}

  logQuery(): void {
    this.count++;
  }
  logQueryError(error: string | Error, query: string): void {
    this.count++;
    log.error(`sql error: ${String(error)} in: ${query.slice(0, 200)}`);
  }
  logQuerySlow(): void {}
  logSchemaBuild(): void {}
  logMigration(message: string): void {
    if (!this.quiet) log.info(`migration: ${message}`);
  }
  log(level: 'log' | 'info' | 'warn', message: unknown): void {
    if (level === 'warn') log.warn(String(message));
  }
}

/**
 * The embedded database is one PGlite session, and its socket server hands each protocol message
 * to it in arrival order, whatever connection it came on: two connections' unnamed statements and
 * portals interleave ("portal does not exist", or one request bound to another's statement), and
 * only an open transaction keeps the session to its connection. One pooled connection keeps every
 * request's messages together; PGlite runs one statement at a time anyway, so a larger pool would
 * buy no parallelism. Requests queue for it in the pool (POOL_WAIT_MS).
 */
const EMBEDDED_POOL_SIZE = 1;

async function startEmbedded(name: string, dataDir: string) {
  // Loaded lazily: a deployment on a real PostgreSQL never pays for the WebAssembly build.
  const { PGlite } = await import('@electric-sql/pglite');
  const { PGLiteSocketServer } = await import('@electric-sql/pglite-socket');
  const directory = path.join(dataDir, name);
  fs.mkdirSync(directory, { recursive: true });
  const db = await PGlite.create(directory);
  // The one pooled connection, plus room for its replacement while a broken one is closing.
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: EMBEDDED_POOL_SIZE + 1 });
  await server.start();
  const [host, port] = server.getServerConn().split(':');
  return {
    url: `postgres://postgres@${host}:${port}/postgres`,
    async stop() {
      await server.stop();
      await db.close();
    },
  };
}

/** A subgraph's database is its own: on a fresh server, create it rather than fail. */
async function ensureDatabaseExists(url: string): Promise<void> {
  const probe = new Client({ connectionString: url });
  try {
    await probe.connect();
    return;
  } catch (error) {
    if ((error as { code?: string }).code !== '3D000') throw error;
  } finally {
    await probe.end().catch((error) => log.warn({ err: error }, 'probe connection not closed cleanly'));
  }
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.slice(1));
  target.pathname = '/postgres';
  const admin = new Client({ connectionString: target.toString() });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
  } catch (error) {
    // Another replica of the same subgraph may have created it meanwhile.
    if ((error as { code?: string }).code !== '42P04') throw error;
  } finally {
    await admin.end();
  }
}

/**
 * How long a request may queue for a pooled connection. A burst of writes on one allocation
 * serialises on its row lock (see budget's reservation ledger) and keeps every connection busy
 * meanwhile; a request queued behind them should wait as long as the gateway waits for a
 * mutation (SUBGRAPH_MUTATION_TIMEOUT_MS, 30 s) rather than fail sooner with an internal error,
 * which left enrollments to be confirmed only by the next upkeep. A database that is down still
 * fails at once (connection refused), not after this wait.
 */
const POOL_WAIT_MS = 30_000;

/**
 * Data sources served by an embedded PGlite. Every pooled connection to it shares the one
 * database session behind the socket, so session state (named prepared statements above all)
 * would collide across connections: preparedQuery sends unnamed statements to these.
 */
const embeddedDataSources = new WeakSet<DataSource>();

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  const embedded = options.url ? undefined : await startEmbedded(options.name, options.dataDir);
  const poolSize = embedded ? EMBEDDED_POOL_SIZE : options.poolSize;
  if (options.url) await ensureDatabaseExists(options.url);
  const statements = new StatementCounter(options.quiet);
  const dataSource = new DataSource({
    type: 'postgres',
    url: options.url ?? embedded!.url,
    entities: options.entities,
    migrations: options.migrations,
    migrationsTableName: 'schema_migrations',
    synchronize: false,
    // Migrations create what they need; uuids come from core gen_random_uuid() (PostgreSQL 13+),
    // so typeorm must not try (and, on PGlite, fail) to install uuid-ossp.
    installExtensions: false,
    logging: ['query', 'error', 'migration', 'warn'],
    logger: statements,
    poolSize,
    extra: { max: poolSize, connectionTimeoutMillis: POOL_WAIT_MS },
  });
  try {
    await dataSource.initialize();
    await dataSource.runMigrations({ transaction: 'each' });
    if (embedded) embeddedDataSources.add(dataSource);
  } catch (error) {
    if (dataSource.isInitialized) await dataSource.destroy();
    await embedded?.stop();
    throw error;
  }
  return {
    dataSource,
    statements,
    embedded: Boolean(embedded),
    async close() {
      if (dataSource.isInitialized) await dataSource.destroy();
      await embedded?.stop();
    },
  };
}

/**
 * Runs a hot read on the pool behind typeorm, with no ORM query building. On PostgreSQL it is a
 * named prepared statement, parsed and planned once per connection instead of on every call
 * (`npm run bench:prepared` measures what that buys). On the embedded database it is sent
 * unnamed: its pooled connections share one session, where a name prepared by one connection
 * "already exists" for the next. Counted like every other statement. For fixed-shape reads
 * only: a prepared statement may get a generic plan, so optional filters do not belong here.
 */
export async function preparedQuery<Row>(
  db: DataSource,
  name: string,
  text: string,
  values: unknown[],
): Promise<Row[]> {
  db.logger.logQuery(text, values);
  const pool = (db.driver as PostgresDriver).master as Pool;
  const statement = embeddedDataSources.has(db) ? { text, values } : { name, text, values };
  return (await pool.query(statement)).rows as Row[];
}

/** typeorm answers an UPDATE ... RETURNING with [rows, count] (an INSERT or SELECT with rows alone). */
export function updatedRows<T>(result: unknown): T[] {
  return (Array.isArray(result) && Array.isArray(result[0]) ? result[0] : result) as T[];
}
