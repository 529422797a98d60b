/**
 * A steady GraphQL load from its own process, so the gateway under test serves a real client
 * over a socket while the test reloads, kills and restarts things. Round-robins over the given
 * operations with a fixed number of concurrent clients, bounded in request count and time,
 * loopback only. The parent names phases ("steady", "down", ...); every request is tallied under
 * the phase in force when it was sent, and a new phase is acknowledged only once every request of
 * the earlier phases has been answered, so the parent acts on a phase boundary nothing crosses.
 *
 * Outcomes: `ok` (no errors), `partial` (data plus only SUBGRAPH_* coded errors, tallied by code),
 * `failed` (anything else: a network error, a non-200, a missing answer, an uncoded error).
 * Plain JavaScript, so it runs as its own process without a compile step.
 */
const { url, operations, concurrency, maxRequests, maxMs } = JSON.parse(process.argv[2]);
// The client's credentials come through the environment, so they never show in a process list.
const authorization = process.env.LOAD_AUTHORIZATION ? { authorization: process.env.LOAD_AUTHORIZATION } : {};

if (!/^http:\/\/(127\.0\.0\.1|localhost)[:/]/.test(url)) {
  console.error(`load generator: refusing non-loopback target ${url}`);
  process.exit(2);
}

const PARTIAL_CODES = new Set(['SUBGRAPH_UNAVAILABLE', 'SUBGRAPH_TIMEOUT']);
const deadline = Date.now() + maxMs;
let phase = 'start';
let stopping = false;
let sent = 0;
let completed = 0;
const inFlight = new Map(); // phase -> requests sent in it and not yet answered
let awaitingDrain = false;
const tallies = {};

function tally(phaseName, operation) {
  const byOperation = (tallies[phaseName] ??= {});
  return (byOperation[operation] ??= { ok: 0, partial: {}, failed: 0, failures: [] });
}

async function send(operation) {
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...authorization },
      body: JSON.stringify({ query: operation.query, variables: operation.variables ?? {} }),
    });
    const text = await response.text();
    if (response.status !== 200) return { failed: `HTTP ${response.status}: ${text.slice(0, 200)}` };
    const body = JSON.parse(text);
    if (!body.errors) return body.data ? { ok: true } : { failed: 'no data' };
    const codes = body.errors.map((e) => e.extensions && e.extensions.code);
    if (body.data && codes.every((code) => PARTIAL_CODES.has(code))) return { partial: codes };
    return { failed: JSON.stringify(body.errors).slice(0, 300) };
  } catch (error) {
    return { failed: `${error.message} ${error.cause ? error.cause.code || error.cause.message : ''}` };
  }
}

async function client() {
  while (!stopping && sent < maxRequests && Date.now() < deadline) {
    const operation = operations[sent++ % operations.length];
    const sentIn = phase;
    inFlight.set(sentIn, (inFlight.get(sentIn) ?? 0) + 1);
    const outcome = await send(operation);
    inFlight.set(sentIn, inFlight.get(sentIn) - 1);
    const t = tally(sentIn, operation.name);
    if (outcome.ok) t.ok++;
    else if (outcome.partial) for (const code of outcome.partial) t.partial[code] = (t.partial[code] ?? 0) + 1;
    else {
      t.failed++;
      if (t.failures.length < 5) t.failures.push(outcome.failed);
    }
    completed++;
    if (completed % 10 === 0) process.send({ type: 'progress', completed });
    acknowledgeWhenDrained();
  }
}

function acknowledgeWhenDrained() {
  if (!awaitingDrain) return;
  for (const [sentIn, count] of inFlight) if (sentIn !== phase && count > 0) return;
  awaitingDrain = false;
  process.send({ type: 'phase', completed });
}

process.on('message', (message) => {
  if (message.type === 'phase') {
    phase = message.phase;
    awaitingDrain = true;
    acknowledgeWhenDrained();
  }
  if (message.type === 'stop') stopping = true;
});

Promise.all(Array.from({ length: concurrency }, client)).then(() => {
  process.send({ type: 'report', completed, tallies }, () => process.disconnect());
});
