/**
 * Nothing leaves the machine unless configured: a whole federation (gateway, the four subgraphs,
 * their databases) answers the headline query, a roster and a write with every outgoing
 * connection and name lookup of this process observed, and none goes anywhere but this machine
 * (no usage report, no schema fetch, no font or script). The observation wraps Node's own socket
 * and resolver, which every client in the process (undici's fetch, pg, http) goes through.
 */
import dns from 'node:dns';
import net from 'node:net';
import type { Federation } from './support/federation';

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+|localhost)$/;

describe('a running federation', () => {
  const destinations: string[] = [];
  const lookups: string[] = [];
  const originalConnect = net.Socket.prototype.connect;
  const originalLookup = dns.lookup;
  let federation: Federation;

  beforeAll(async () => {
    net.Socket.prototype.connect = function (this: net.Socket, ...args: unknown[]) {
      const [first, second] = args as [unknown, unknown];
      const options =
        typeof first === 'object' && first !== null && !Array.isArray(first)
          ? (first as net.NetConnectOpts)
          : undefined;
      if (options && 'path' in options && options.path) destinations.push(`unix:${options.path}`);
      else if (options) destinations.push(String((options as net.TcpNetConnectOpts).host ?? 'localhost'));
      else if (typeof first === 'number') destinations.push(typeof second === 'string' ? second : 'localhost');
      else if (typeof first === 'string') destinations.push(`unix:${first}`);
      return (originalConnect as (...a: unknown[]) => net.Socket).apply(this, args);
    } as typeof net.Socket.prototype.connect;
    (dns as { lookup: unknown }).lookup = function (hostname: string, ...rest: unknown[]) {
      lookups.push(hostname);
      return (originalLookup as (...a: unknown[]) => unknown).call(dns, hostname, ...rest);
    };
    // Loaded after the observation begins, so the modules' first connections are seen too.
    const { startFederation } = await import('./support/federation');
    federation = await startFederation();
  });

  afterAll(async () => {
    await federation?.stop();
    net.Socket.prototype.connect = originalConnect;
    (dns as { lookup: unknown }).lookup = originalLookup;
  });

  it('connects to nothing but this machine while it starts, answers and writes', async () => {
    const { storyWorkers } = await import('../domain/seed-story');
    const worker = storyWorkers()[7];
    const headline = await federation.query(
      `query($nik: String!) { worker(nik: $nik) { fullName membership { kpj status coverage(asOf: "2021-06-30") { fundedBy { funder { name } } } } healthCoverage { status } } }`,
      { nik: worker.nik },
    );
    expect(headline.errors).toBeUndefined();
    const roster = await federation.query(
      `query($code: ID!) { village(code: $code) { workers(first: 20) { nodes { nik membership { status } } } } }`,
      { code: worker.villageCode },
    );
    expect(roster.errors).toBeUndefined();
    const write = await federation.query(
      `mutation($nik: String!, $village: ID!) { registerWorker(idempotencyKey: "no-outbound-1", input: { nik: $nik, fullName: "Maria Latupeirissa", occupation: "pedagang", villageCode: $village }) { nik } }`,
      { nik: '8171024101990009', village: '81.71.02.1011' },
      await federation.as('population-officer'),
    );
    expect(write.errors).toBeUndefined();

    // The observation bites: the gateway's fetches to the subgraphs were seen.
    expect(destinations.filter((host) => LOOPBACK.test(host)).length).toBeGreaterThan(3);
    expect(destinations.filter((host) => !LOOPBACK.test(host) && !host.startsWith('unix:'))).toEqual([]);
    expect(lookups.filter((host) => !LOOPBACK.test(host))).toEqual([]);
  });
});
