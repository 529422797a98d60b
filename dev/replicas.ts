/**
 * Two gateways and two replicas of every subgraph, each its own process, on PostgreSQL (two
 * processes cannot share one embedded database), behind one round-robin front: the scale-out
 * `npm run start:replicas` runs and `test/scale-out.replicas.ts` drives. Replicas share state
 * only through the real stores: their subgraph's database, and Redis for the caller-assertion
 * replay guard (CALLER_REPLAY_REDIS_URL).
 */
import { ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { PROJECT_ROOT } from '../platform/settings';
import { SUBGRAPH_NAMES, SubgraphName } from '../contract/subgraph-names';
import { RoundRobinFront, startRoundRobin } from './round-robin';

export interface ReplicasOptions {
  /** Each subgraph's PostgreSQL URL. */
  databaseUrls: Record<SubgraphName, string>;
  /** The front's port (0: any free one). */
  port: number;
  replicas?: number;
  /** The environment every process starts with (the caller's own, usually, with secrets, Redis, supergraph path); the front's addresses are added. */
  env: NodeJS.ProcessEnv;
  /** Where the children's output goes: inherited (a person watching), or a file per replica in this directory. */
  logDirectory?: string;
}

export interface ReplicaProcess {
  name: string;
  pool: 'gateway' | SubgraphName;
  url: string;
  child: ChildProcess;
}

export interface RunningReplicas {
  front: RoundRobinFront;
  processes: ReplicaProcess[];
  /** The replicas of one pool, in start order. */
  of(pool: 'gateway' | SubgraphName): ReplicaProcess[];
  /** SIGKILL, as a crashed node or an evicted pod: no draining. */
  kill(process: ReplicaProcess): void;
  stop(): Promise<void>;
}

/**
 * A free port below Linux's ephemeral range (32768 and up). The replicas start seconds to minutes
 * after their ports are chosen (the first replica of each subgraph seeds first); a port from the
 * ephemeral range could meanwhile be taken by any process listening on port 0 or opening a
 * connection, and a replica then fails to listen while a stranger answers its readiness probe.
 */
async function freePort(): Promise<number> {
  for (;;) {
    const candidate = 20_000 + Math.floor(Math.random() * 12_000);
    const server = net.createServer();
    const free = await new Promise<boolean>((resolve) => {
      server.once('error', () => resolve(false));
      server.listen(candidate, '127.0.0.1', () => resolve(true));
    });
    if (free) {
      await new Promise((resolve) => server.close(resolve));
      return candidate;
    }
  }
}

async function waitUntilReady(replica: ReplicaProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (replica.child.exitCode !== null) throw new Error(`${replica.name} exited before it was ready`);
    try {
      if ((await fetch(`${replica.url}/health/ready`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${replica.name} was not ready after ${timeoutMs / 1000} s`);
}

export async function startReplicas(options: ReplicasOptions): Promise<RunningReplicas> {
  const count = options.replicas ?? 2;
  const distRoot = path.join(PROJECT_ROOT, 'dist');
  const pools: Record<string, string[]> = {};
  const ports: Record<string, number[]> = {};
  for (const pool of ['gateway', ...SUBGRAPH_NAMES]) {
    ports[pool] = await Promise.all(Array.from({ length: count }, freePort));
    pools[pool] = ports[pool].map((port) => `http://127.0.0.1:${port}`);
  }
  const front = await startRoundRobin({ port: options.port, pools });
  const shared: NodeJS.ProcessEnv = { ...options.env, LISTEN_ADDRESS: '127.0.0.1' };
  // Every replica, gateway or subgraph, reaches a subgraph through the front, like through a Service.
  for (const name of SUBGRAPH_NAMES) {
    shared[`${name.toUpperCase()}_SUBGRAPH_URL`] = `${front.url}/subgraphs/${name}/graphql`;
    shared[`${name.toUpperCase()}_DATABASE_URL`] = options.databaseUrls[name];
  }
  const processes: ReplicaProcess[] = [];
  const spawnReplica = (pool: 'gateway' | SubgraphName, index: number, env: NodeJS.ProcessEnv) => {
    const port = ports[pool][index];
    const script = pool === 'gateway' ? 'gateway/index.js' : `subgraphs/${pool}/index.js`;
    const portVariable = pool === 'gateway' ? 'GATEWAY_PORT' : `${pool.toUpperCase()}_PORT`;
    const name = `${pool}-${index + 1}`;
    const output = options.logDirectory ? fs.openSync(path.join(options.logDirectory, `${name}.log`), 'a') : 'inherit';
    const child = spawn(process.execPath, [path.join(distRoot, script)], {
      env: { ...shared, ...env, [portVariable]: String(port) },
      stdio: ['ignore', output, output],
    });
    if (typeof output === 'number') fs.closeSync(output);
    const replica = { name, pool, url: `http://127.0.0.1:${port}`, child };
    processes.push(replica);
    return replica;
  };
  const stop = async () => {
    const exits = processes
      .filter((p) => p.child.exitCode === null && p.child.signalCode === null)
      .map((p) => new Promise((resolve) => p.child.once('exit', resolve)));
    for (const replica of processes) replica.child.kill('SIGTERM');
    await Promise.race([Promise.all(exits), new Promise((resolve) => setTimeout(resolve, 15_000))]);
    for (const replica of processes) if (replica.child.exitCode === null) replica.child.kill('SIGKILL');
    await front.close();
  };
  try {
    // The first replica of each subgraph migrates and seeds; the others start on what it made.
    const callers = ['membership'] as SubgraphName[];
    const order = [SUBGRAPH_NAMES.filter((name) => !callers.includes(name)), callers];
    for (const group of order) {
      const first = group.map((name) => spawnReplica(name, 0, {}));
      await Promise.all(first.map((replica) => waitUntilReady(replica, 600_000)));
      const rest = group.flatMap((name) =>
        Array.from({ length: count - 1 }, (_, i) => spawnReplica(name, i + 1, { SEED_ON_START: 'false' })),
      );
      await Promise.all(rest.map((replica) => waitUntilReady(replica, 120_000)));
    }
    const gateways = Array.from({ length: count }, (_, i) => spawnReplica('gateway', i, {}));
    await Promise.all(gateways.map((replica) => waitUntilReady(replica, 120_000)));
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    front,
    processes,
    of: (pool) => processes.filter((replica) => replica.pool === pool),
    kill: (replica) => void replica.child.kill('SIGKILL'),
    stop,
  };
}
