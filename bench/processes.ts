/**
 * Starts benchmarked servers as child processes and reads their memory from the kernel:
 * VmHWM is the peak resident set, reset between phases through /proc/<pid>/clear_refs.
 */
import { ChildProcess, fork } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { operationsToken } from '../platform/operations-token';
import type { ServerSpec } from './server';

export interface ServerProcess {
  label: string;
  url: string;
  pid: number;
  /** Peak resident memory since start or the last resetPeak(), in MiB. */
  peakRssMiB(): number;
  resetPeak(): void;
  stop(): Promise<void>;
}

function statusField(pid: number, field: string): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
  return match ? Number(match[1]) / 1024 : NaN;
}

export async function launch(label: string, spec: ServerSpec): Promise<ServerProcess> {
  // BENCH_CPU_PROFILE=<dir>: every server writes a V8 CPU profile there when it stops (bench/profile-summary.ts reads them).
  const profileDir = process.env.BENCH_CPU_PROFILE;
  const execArgv = profileDir
    ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`, `--cpu-prof-name=${label.replace(/[^a-z0-9]+/gi, '-')}.cpuprofile`]
    : [];
  // Warnings only: a line per request written to the terminal would be measured as the request's
  // cost, and the peers and the monolith write none.
  const env = { ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' };
  const child: ChildProcess = fork(path.join(__dirname, 'server.js'), [JSON.stringify(spec)], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    execArgv,
    env,
  });
  const url = await new Promise<string>((resolve, reject) => {
    child.once('message', (message: { ready?: string }) =>
      message.ready ? resolve(message.ready) : reject(new Error(`${label}: unexpected message`)),
    );
    child.once('exit', (code) => reject(new Error(`${label} exited with code ${code} before it was ready`)));
  });
  const pid = child.pid!;
  return {
    label,
    url,
    pid,
    peakRssMiB: () => statusField(pid, 'VmHWM'),
    resetPeak() {
      try {
        fs.writeFileSync(`/proc/${pid}/clear_refs`, '5');
      } catch {
        // Kernels without clear_refs keep the peak since start: still an upper bound.
      }
    },
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        child.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
        child.disconnect();
      }),
  };
}

/** `gatewaySecret`: the federation's, from which its operations token derives (operations-token.ts). */
export async function metrics(subgraphUrl: string, gatewaySecret: string): Promise<{ sqlStatements: number }> {
  const response = await fetch(subgraphUrl.replace(/\/graphql$/, '/metrics'), {
    headers: { accept: 'application/json', authorization: `Bearer ${operationsToken(gatewaySecret)}` },
  });
  return (await response.json()) as { sqlStatements: number };
}

/** A gateway's entity cache counters (served with its subgraph health), or undefined without a cache. */
export async function entityCacheCounters(
  gatewayUrl: string,
  gatewaySecret: string,
): Promise<{ hits: number; misses: number; fetchesSaved: number } | undefined> {
  const response = await fetch(gatewayUrl.replace(/\/graphql$/, '/health/subgraphs'), {
    headers: { authorization: `Bearer ${operationsToken(gatewaySecret)}` },
  });
  return ((await response.json()) as { entityCache?: { hits: number; misses: number; fetchesSaved: number } })
    .entityCache;
}
