/**
 * Traces (OpenTelemetry, W3C `traceparent`) from a client's request through the gateway's plan
 * and each subgraph fetch to the SQL statements. Off by default: with no OTLP endpoint
 * (OTEL_EXPORTER_OTLP_ENDPOINT or OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) nothing is registered, the
 * API stays a no-op and no context manager (an AsyncLocalStorage, which on Node 20 turns on
 * promise hooks for every promise) is installed: the hot path pays one boolean test.
 *
 * Spans: `@apollo/gateway`'s own (gateway.request, gateway.plan, gateway.execute, gateway.fetch),
 * a SERVER span per HTTP request in every service (its `ambon.service` attribute names the
 * service, so one process hosting several, as the tests do, still tells them apart), and a
 * CLIENT span per SQL statement (its text, never its values).
 *
 * With tracing off, the gateway still gives each request a trace id and forwards it as an
 * unsampled `traceparent`, so every service's log lines for one request share it.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { context, propagation, ROOT_CONTEXT, Span, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { Resource } from '@opentelemetry/resources';
import {
  BasicTracerProvider,
  BatchSpanProcessor,
  SimpleSpanProcessor,
  SpanExporter,
} from '@opentelemetry/sdk-trace-base';

export const tracer = trace.getTracer('ambon-coverage');
let enabled = false;
let provider: BasicTracerProvider | undefined;

export function tracingEnabled(): boolean {
  return enabled;
}

/** Where spans go: resolved from the environment by each process's settings. */
export interface TracingSettings {
  /** OTEL_EXPORTER_OTLP_TRACES_ENDPOINT or OTEL_EXPORTER_OTLP_ENDPOINT; unset, tracing stays off. */
  endpoint?: string;
  /** OTEL_SERVICE_NAME: replaces the service's own name on its spans. */
  serviceName?: string;
}

export function tracingSettings(env: Readonly<Record<string, string | undefined>>): TracingSettings {
  return {
    endpoint: env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT || env.OTEL_EXPORTER_OTLP_ENDPOINT || undefined,
    serviceName: env.OTEL_SERVICE_NAME || undefined,
  };
}

export interface TracingOptions {
  serviceName: string;
  /** An exporter of one's own (tests use the SDK's in-memory one), exported span by span. */
  exporter?: SpanExporter;
  settings?: TracingSettings;
}

/**
 * Starts tracing for this process if an exporter is given or an OTLP endpoint configured;
 * returns how to flush and stop it. Call once per process, before the first request.
 */
export async function startTracing(options: TracingOptions): Promise<{ shutdown(): Promise<void> }> {
  const endpoint = options.settings?.endpoint;
  if (enabled || (!options.exporter && !endpoint)) return { shutdown: async () => undefined };
  let processor;
  if (options.exporter) {
    processor = new SimpleSpanProcessor(options.exporter);
  } else {
    // Loaded only when configured: a process without an endpoint never loads the exporter.
    const { OTLPTraceExporter } = await import('@opentelemetry/exporter-trace-otlp-http');
    processor = new BatchSpanProcessor(new OTLPTraceExporter());
  }
  provider = new BasicTracerProvider({
    resource: new Resource({ 'service.name': options.settings?.serviceName || options.serviceName }),
    spanProcessors: [processor],
  });
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  trace.setGlobalTracerProvider(provider);
  enabled = true;
  return {
    async shutdown() {
      await provider?.shutdown();
      trace.disable();
      context.disable();
      propagation.disable();
      enabled = false;
      provider = undefined;
    },
  };
}

const TRACEPARENT = /^[\da-f]{2}-([\da-f]{32})-([\da-f]{16})-[\da-f]{2}$/;

/** The trace id a `traceparent` header carries, if it is well formed. */
export function traceIdFromHeader(header: string | string[] | undefined): string | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  const match = value ? TRACEPARENT.exec(value.trim()) : null;
  return match && !/^0+$/.test(match[1]) ? match[1] : undefined;
}

export function randomTraceId(): string {
  return randomBytes(16).toString('hex');
}

/** An unsampled `traceparent` carrying a request's trace id to a subgraph while tracing is off. */
export function unsampledTraceparent(traceId = randomTraceId()): string {
  return `00-${traceId}-${randomBytes(8).toString('hex')}-00`;
}

/** The trace this request belongs to: the active span's when tracing, else the one it came with. */
export function currentTraceId(headers: IncomingHttpHeaders): string | undefined {
  if (enabled) {
    const span = trace.getActiveSpan();
    if (span) return span.spanContext().traceId;
  }
  return traceIdFromHeader(headers.traceparent);
}

/**
 * Runs an HTTP request's handling inside a SERVER span continuing the caller's trace; with
 * tracing off, just runs it.
 */
export function withServerSpan<T>(
  service: string,
  method: string,
  path: string,
  headers: IncomingHttpHeaders,
  run: (span?: Span) => Promise<T>,
): Promise<T> {
  if (!enabled) return run();
  const parent = propagation.extract(ROOT_CONTEXT, headers);
  return tracer.startActiveSpan(
    `${service} ${method} ${path}`,
    {
      kind: SpanKind.SERVER,
      attributes: { 'ambon.service': service, 'http.request.method': method, 'url.path': path },
    },
    parent,
    async (span) => {
      try {
        return await run(span);
      } catch (error) {
        span.setStatus({ code: SpanStatusCode.ERROR });
        throw error;
      } finally {
        span.end();
      }
    },
  );
}

/** Puts the current trace on an outgoing request: the active span's, or the request's own id. */
export function injectTrace(set: (name: string, value: string) => void, traceId?: string): void {
  if (enabled) {
    propagation.inject(context.active(), {}, { set: (_carrier, name, value) => set(name, value) });
    return;
  }
  if (traceId) set('traceparent', unsampledTraceparent(traceId));
}

/** A CLIENT span for one SQL statement, or undefined with tracing off. */
export function startSqlSpan(service: string, text: string): Span | undefined {
  if (!enabled) return undefined;
  return tracer.startSpan(`${service} SQL ${text.trimStart().split(/\s/, 1)[0]?.toUpperCase() ?? ''}`, {
    kind: SpanKind.CLIENT,
    attributes: { 'ambon.service': service, 'db.system': 'postgresql', 'db.query.text': text.slice(0, 2000) },
  });
}
