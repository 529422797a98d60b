/**
 * One headline request is one trace: the client's `traceparent` is continued through the
 * gateway's plan and each subgraph fetch, into every subgraph it reaches. Spans are collected by
 * the SDK's in-memory exporter instead of an OTLP endpoint. (Down to each subgraph's SQL:
 * test/tracing.e2e.ts.)
 */
import { InMemorySpanExporter, ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { startTracing } from '../../platform/tracing';
import { GatewayTester, startGatewayTester } from '../support/gateway-tester';
import { SMALL_WORKER_COVERAGE, smallGraph, WORKERS } from '../support/small-graph';

describe('an operator follows one request through the gateway in a trace', () => {
  const exporter = new InMemorySpanExporter();
  let tracing: { shutdown(): Promise<void> };
  let tester: GatewayTester;
  beforeAll(async () => {
    tracing = await startTracing({ serviceName: 'gateway-under-test', exporter });
    tester = await startGatewayTester(smallGraph());
  });
  afterAll(async () => {
    await tester?.close();
    await tracing?.shutdown();
  });

  it('gives the headline request one trace with spans in the gateway and in all three subgraphs, each under a gateway fetch', async () => {
    exporter.reset();
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const response = await tester.query(
      SMALL_WORKER_COVERAGE,
      { nik: WORKERS[2].nik },
      { traceparent: `00-${traceId}-00f067aa0ba902b7-01` },
    );
    expect(response.errors).toBeUndefined();

    const spans = exporter.getFinishedSpans();
    const inTrace = spans.filter((span) => span.spanContext().traceId === traceId);
    const service = (span: ReadableSpan) => span.attributes['ambon.service'];
    const names = inTrace.map((span) => span.name);
    expect(names).toEqual(
      expect.arrayContaining([
        'gateway POST /graphql',
        'gateway.request',
        'gateway.plan',
        'gateway.execute',
        'gateway.fetch',
      ]),
    );
    // Every span of the request is in that one trace, and each subgraph's server span hangs under a gateway fetch.
    const fetchIds = new Set(
      inTrace.filter((span) => span.name === 'gateway.fetch').map((span) => span.spanContext().spanId),
    );
    for (const subgraph of ['population', 'membership', 'budget']) {
      const server = inTrace.filter((span) => service(span) === subgraph && span.name === `${subgraph} POST /graphql`);
      expect(server.length).toBeGreaterThanOrEqual(1);
      for (const span of server) expect(fetchIds.has(span.parentSpanId!)).toBe(true);
    }
    expect(
      spans.filter((span) => span.spanContext().traceId !== traceId && String(span.name).startsWith('gateway.')),
    ).toEqual([]);
  });
});
