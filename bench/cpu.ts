/**
 * CPU time spent per request by each process of a measurement (Linux /proc accounting), so a
 * throughput figure can be explained: which process pays for what on the machine's 2 cores.
 * PostgreSQL is counted over the backends serving the benchmark's own databases only.
 */
import fs from 'node:fs';
import { Client } from 'pg';
import { ADMIN_URL } from '../test/support/databases';
import { ServerProcess } from './processes';

const TICKS_PER_SECOND = 100;

function cpuTicks(pid: number): number {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return 0;
  }
}

export class CpuProbe {
  private constructor(
    private readonly admin: Client,
    private readonly processes: { label: string; pid: () => number }[],
    private readonly databases: string[],
  ) {}

  static async open(servers: ServerProcess[], loadGeneratorPid: number, databaseUrls: string[]): Promise<CpuProbe> {
    const admin = new Client({ connectionString: ADMIN_URL });
    await admin.connect();
    const processes = [
      ...servers.map((s) => ({ label: s.label, pid: () => s.pid })),
      { label: 'load generator', pid: () => loadGeneratorPid },
    ];
    return new CpuProbe(
      admin,
      processes,
      databaseUrls.map((url) => new URL(url).pathname.slice(1)),
    );
  }

  /** CPU seconds used so far, per process label and for 'postgres'. */
  async sample(): Promise<Map<string, number>> {
    const { rows } = await this.admin.query('SELECT pid FROM pg_stat_activity WHERE datname = ANY($1)', [
      this.databases,
    ]);
    const seconds = new Map(this.processes.map((p) => [p.label, cpuTicks(p.pid()) / TICKS_PER_SECOND]));
    seconds.set(
      'postgres',
      rows.reduce((sum: number, row: { pid: number }) => sum + cpuTicks(row.pid), 0) / TICKS_PER_SECOND,
    );
    return seconds;
  }

  close() {
    return this.admin.end();
  }
}

/** Milliseconds of CPU per request between two samples. */
export function cpuPerRequest(
  before: Map<string, number>,
  after: Map<string, number>,
  requests: number,
): Map<string, number> {
  return new Map(
    [...after].map(([label, seconds]) => [
      label,
      ((seconds - (before.get(label) ?? 0)) * 1000) / Math.max(1, requests),
    ]),
  );
}
