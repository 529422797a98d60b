/**
 * Keeps the graph answering when a subgraph is down, slow or failing. Every request to a
 * subgraph gets a timeout; a query is retried after a transport failure (a mutation never is: it
 * may already have been applied); a circuit breaker per subgraph fails fast while the subgraph
 * keeps failing and lets a trial request through after a pause. A failure becomes a GraphQL
 * error that names the subgraph and carries a stable code, so the gateway still answers the
 * fields the other subgraphs own.
 *
 * It wraps any GraphQLDataSource (so signing or connection-pool subclasses compose with it), and
 * keeps its breakers by subgraph name, so they survive the data sources a supergraph reload
 * creates.
 */
import '../../platform/no-telemetry';
import { GraphQLDataSource, GraphQLDataSourceProcessOptions, RemoteGraphQLDataSource } from '@apollo/gateway';
import { GraphQLDataSourceRequestKind } from '@apollo/gateway/dist/datasources/types';
import type { GatewayGraphQLResponse } from '@apollo/server-gateway-interface';
import { FieldNode, GraphQLFormattedError, Kind, OperationDefinitionNode } from 'graphql';
import { ResilienceSettings } from '../server/settings';
import { SubgraphFailureCode } from '../../platform/errors';
import { createLogger } from '../../platform/logger';
import { CircuitBreaker } from './circuit-breaker';
import { realTime, WindowTime } from '../../platform/window-time';

export type CircuitState = 'closed' | 'open' | 'halfOpen';

export interface SubgraphHealth {
  circuit: CircuitState;
  /** Over the breaker's rolling window: attempts sent to the subgraph (retries included)... */
  requests: number;
  /** ...those that failed or timed out... */
  failures: number;
  /** ...and requests answered with SUBGRAPH_UNAVAILABLE without calling the subgraph (circuit open). */
  rejected: number;
}

/** Transport errors worth one more attempt: the subgraph may be restarting or a pooled socket was closed. */
const RETRYABLE_TRANSPORT_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EAI_AGAIN',
  'UND_ERR_SOCKET',
]);
const RETRYABLE_STATUSES = new Set([502, 503, 504]);
/** Failures that prove a request was never delivered: a mutation refused this way did nothing. */
const UNSENT_CODES = new Set(['ECONNREFUSED', 'EAI_AGAIN', 'ENOTFOUND', 'EOPENBREAKER']);
const UNSENT_STATUSES = new Set([503]);
const READINESS_TIMEOUT_MS = 1_000;
const RETRY_BACKOFF_MS = 50;

class SubgraphFailure extends Error {
  constructor(
    readonly code: SubgraphFailureCode,
    message: string,
    readonly retryable: boolean,
    /** The request may have reached the subgraph (so a mutation may have been applied). */
    readonly maybeDelivered = true,
  ) {
    super(message);
  }
}

/**
 * The abort signal of an attempt rides on its subgraph request under a symbol, which JSON never
 * serialises into the body. (An AsyncLocalStorage would do too, but on Node 20 it turns on
 * promise hooks, a cost every promise in the gateway then pays.)
 */
const ATTEMPT_SIGNAL = Symbol('subgraph attempt signal');
type SignalledRequest = GraphQLDataSourceProcessOptions['request'] & { [ATTEMPT_SIGNAL]?: AbortSignal };

function httpStatus(error: unknown): number | undefined {
  const status = (error as { extensions?: { response?: { status?: unknown } } }).extensions?.response?.status;
  return typeof status === 'number' ? status : undefined;
}

/** A subgraph's answer to a bad request (4xx) is the client's error, not the subgraph's failure. */
function isClientError(error: unknown): boolean {
  const status = httpStatus(error);
  return status !== undefined && status < 500;
}

/** Gateway-generated subgraph operations start with their keyword, or `{` for an anonymous query. */
function isQuery(query: string | undefined): boolean {
  return !/^\s*(mutation|subscription)\b/.test(query ?? '');
}

/**
 * The failure as errors at the fields it nulls, so a client can tell "unknown" from "none": one
 * error per entity of an entity fetch (`_entities.i`, which the gateway turns into the entity's
 * place in the answer), or one per root field of a root fetch.
 */
function atNulledFields(
  options: GraphQLDataSourceProcessOptions,
  message: string,
  extensions: Record<string, unknown>,
): GraphQLFormattedError[] {
  if (options.kind !== GraphQLDataSourceRequestKind.INCOMING_OPERATION) return [{ message, extensions }];
  const representations = options.request.variables?.representations;
  if (Array.isArray(representations))
    return representations.map((_, index) => ({ message, path: ['_entities', index], extensions }));
  const operation = options.document?.definitions.find(
    (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
  );
  const rootFields = (operation?.selectionSet.selections ?? [])
    .filter((s): s is FieldNode => s.kind === Kind.FIELD)
    .map((field) => (field.alias ?? field.name).value);
  return rootFields.length
    ? rootFields.map((field) => ({ message, path: [field], extensions }))
    : [{ message, extensions }];
}

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class SubgraphResilience {
  private readonly breakers = new Map<string, CircuitBreaker>();
  private readonly readinessUrls = new Map<string, string>();
  private readonly probes = new Map<string, NodeJS.Timeout>();

  constructor(
    private readonly settings: ResilienceSettings,
    private readonly log: (message: string) => void = (message) => createLogger('gateway').warn(message),
    /** Whether a subgraph is ready, given its GraphQL URL; its `/health/ready` alone when not given (see readiness.ts). */
    private readonly ready: (name: string, graphqlUrl: string) => Promise<boolean> = (_, graphqlUrl) =>
      fetch(new URL('/health/ready', graphqlUrl), { signal: AbortSignal.timeout(READINESS_TIMEOUT_MS) }).then(
        (r) => r.ok,
        () => false,
      ),
    /** The breakers' windows and pauses follow it: real time, unless a test steps its own. */
    private readonly time: WindowTime = realTime,
  ) {}

  /** The data source the gateway should use for subgraph `name`: `source` behind timeout, retries and breaker. */
  protect(name: string, source: GraphQLDataSource): GraphQLDataSource {
    if (source instanceof RemoteGraphQLDataSource) {
      this.readinessUrls.set(name, source.url);
      // sendRequest is private in the typings, but it is where the data source calls its fetcher:
      // the data source's own sendRequest runs, seeing a fetcher that aborts with this attempt.
      const patchable = source as unknown as {
        fetcher: RemoteGraphQLDataSource['fetcher'];
        sendRequest: (request: SignalledRequest, context: unknown) => Promise<unknown>;
      };
      const { fetcher, sendRequest } = patchable;
      patchable.sendRequest = function (this: RemoteGraphQLDataSource, request, context) {
        const signal = (request as SignalledRequest)[ATTEMPT_SIGNAL];
        if (!signal) return sendRequest.call(this, request, context);
        const attempt = Object.create(this, {
          fetcher: { value: ((url, init) => fetcher(url, { ...init, signal })) as typeof fetcher },
        });
        return sendRequest.call(attempt, request, context);
      };
    }
    return { process: (options) => this.process(name, source, options) };
  }

  timeoutMs(name: string): number {
    return this.settings.timeoutMsBySubgraph[name] ?? this.settings.timeoutMs;
  }

  health(): Record<string, SubgraphHealth> {
    return Object.fromEntries([...this.breakers].map(([name, breaker]) => [name, this.healthOf(breaker)]));
  }

  shutdown(): void {
    // The breakers run no timers of their own: only the readiness probes need stopping.
    for (const name of this.probes.keys()) this.stopProbe(name);
  }

  private async process(
    name: string,
    source: GraphQLDataSource,
    options: GraphQLDataSourceProcessOptions,
  ): Promise<GatewayGraphQLResponse> {
    if (options.kind !== GraphQLDataSourceRequestKind.INCOMING_OPERATION) return source.process(options);
    const breaker = this.breaker(name);
    const query = isQuery(options.request.query);
    const attempts = 1 + (query ? this.settings.queryRetries : 0);
    for (let attempt = 1; ; attempt++) {
      try {
        return await breaker.fire(() =>
          this.attempt(name, source, options, query ? this.timeoutMs(name) : this.settings.mutationTimeoutMs),
        );
      } catch (error) {
        if (isClientError(error)) throw error;
        const failure = this.describe(name, error);
        if (failure.retryable && attempt < attempts) {
          await delay(RETRY_BACKOFF_MS * attempt);
          continue;
        }
        // A mutation that may have reached the subgraph may have been applied: the client must not
        // assume either way, and learns the outcome by retrying with the same idempotency key.
        if (!query && failure.maybeDelivered) {
          const message = `${failure.message} The change may have been applied: retry it with the same idempotency key to learn its outcome.`;
          return {
            errors: atNulledFields(options, message, {
              code: SubgraphFailureCode.SUBGRAPH_OUTCOME_UNKNOWN,
              subgraph: name,
            }),
          };
        }
        return { errors: atNulledFields(options, failure.message, { code: failure.code, subgraph: name }) };
      }
    }
  }

  /** One request, abandoned (and its connection aborted) when the subgraph's timeout passes. */
  private async attempt(
    name: string,
    source: GraphQLDataSource,
    options: GraphQLDataSourceProcessOptions,
    timeoutMs: number,
  ): Promise<GatewayGraphQLResponse> {
    const controller = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        controller.abort();
        reject(
          new SubgraphFailure(
            SubgraphFailureCode.SUBGRAPH_TIMEOUT,
            `The ${name} subgraph did not answer within ${timeoutMs} ms; the fields it owns are missing from this answer.`,
            false,
          ),
        );
      }, timeoutMs);
    });
    try {
      // Copied per attempt: the data source writes its HTTP settings into the request.
      const request: SignalledRequest = {
        ...options.request,
        http: options.request.http && { ...options.request.http },
        [ATTEMPT_SIGNAL]: controller.signal,
      };
      return await Promise.race([source.process({ ...options, request }), timedOut]);
    } finally {
      clearTimeout(timer);
    }
  }

  private describe(name: string, error: unknown): SubgraphFailure {
    if (error instanceof SubgraphFailure) return error;
    const unavailable = (reason: string, retryable: boolean, maybeDelivered: boolean) =>
      new SubgraphFailure(
        SubgraphFailureCode.SUBGRAPH_UNAVAILABLE,
        `The ${name} subgraph is unavailable (${reason}); the fields it owns are missing from this answer.`,
        retryable,
        maybeDelivered,
      );
    const code = (error as { code?: unknown }).code;
    if (code === 'EOPENBREAKER')
      return unavailable('it kept failing, so the gateway stops calling it for a while', false, false);
    const status = httpStatus(error);
    if (status !== undefined)
      return unavailable(`it answered HTTP ${status}`, RETRYABLE_STATUSES.has(status), !UNSENT_STATUSES.has(status));
    if (typeof code === 'string')
      return unavailable(`connection failed: ${code}`, RETRYABLE_TRANSPORT_CODES.has(code), !UNSENT_CODES.has(code));
    this.log(`${name}: unexpected failure: ${(error as Error).message}`);
    return unavailable('its answer could not be read', false, true);
  }

  private breaker(name: string): CircuitBreaker {
    let breaker = this.breakers.get(name);
    if (!breaker) {
      // Each attempt has its own timeout, which also aborts the request: the breaker times nothing.
      breaker = new CircuitBreaker(
        {
          errorPercent: this.settings.breakerErrorPercent,
          minimumRequests: this.settings.breakerMinimumRequests,
          windowMs: this.settings.breakerWindowMs,
          resetMs: this.settings.breakerResetMs,
          isCallerError: isClientError,
          now: () => this.time.now(),
        },
        {
          open: () => {
            this.log(
              `circuit for the ${name} subgraph opened: failing fast for ${this.settings.breakerResetMs} ms or until it is ready again`,
            );
            this.startProbe(name);
          },
          halfOpen: () => this.log(`circuit for the ${name} subgraph half-open: sending a trial request`),
          close: () => {
            this.stopProbe(name);
            this.log(`circuit for the ${name} subgraph closed: it answers again`);
          },
        },
      );
      this.breakers.set(name, breaker);
    }
    return breaker;
  }

  /**
   * While a circuit is open, asks the subgraph's readiness probe; the first "ready" closes the
   * circuit, so whole answers resume with the subgraph instead of after the reset pause, and all
   * traffic (not one trial request) goes back to it.
   */
  private startProbe(name: string): void {
    const url = this.readinessUrls.get(name);
    if (!url || this.settings.breakerProbeMs <= 0 || this.probes.has(name)) return;
    let asking = false;
    // eslint-disable-next-line @typescript-eslint/no-misused-promises -- cannot reject: a failed probe reads as not ready, and finally frees the next tick
    const timer = setInterval(async () => {
      if (asking) return;
      asking = true;
      try {
        const ready = await this.ready(name, url).catch(() => false);
        const breaker = this.breakers.get(name);
        if (ready && breaker && !breaker.closed) {
          this.log(`the ${name} subgraph is ready again`);
          breaker.close();
        }
      } finally {
        asking = false;
      }
    }, this.settings.breakerProbeMs);
    timer.unref();
    this.probes.set(name, timer);
  }

  private stopProbe(name: string): void {
    clearInterval(this.probes.get(name));
    this.probes.delete(name);
  }

  private healthOf(breaker: CircuitBreaker): SubgraphHealth {
    const stats = breaker.stats;
    return {
      circuit: breaker.state,
      requests: stats.fires - stats.rejects,
      failures: stats.failures,
      rejected: stats.rejects,
    };
  }
}
