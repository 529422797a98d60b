/**
 * One headline request is one trace, down to each subgraph's SQL: the client's `traceparent`
 * reaches every subgraph's statements, which carry their text and never their values. Spans are
 * collected by the SDK's in-memory exporter instead of an OTLP endpoint. (Through the gateway's
 * plan and fetches: test/gateway/tracing.test.ts.)
 */
import { InMemorySpanExporter, ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { Federation, startFederation } from './support/federation';
import { startTracing } from '../platform/tracing';
import { storyWorkers } from '../domain/seed-story';
import { listedOperation } from '../tools/schema/operations';

const WORKER_COVERAGE = listedOperation('WorkerCoverage');

describe('an operator follows one request through the federation in a trace', () => {
  const exporter = new InMemorySpanExporter();
  let tracing: { shutdown(): Promise<void> };
  let federation: Federation;
  beforeAll(async () => {
    tracing = await startTracing({ serviceName: 'federation-under-test', exporter });
    federation = await startFederation();
  });
  afterAll(async () => {
    await federation?.stop();
    await tracing?.shutdown();
  });

  it("carries the headline request's trace into the SQL of all three subgraphs, without values", async () => {
    exporter.reset();
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const response = await federation.query(
      WORKER_COVERAGE,
      { nik: storyWorkers()[11].nik },
      { traceparent: `00-${traceId}-00f067aa0ba902b7-01` },
    );
    expect(response.errors).toBeUndefined();

    const spans = exporter.getFinishedSpans();
    const inTrace = spans.filter((span) => span.spanContext().traceId === traceId);
    const service = (span: ReadableSpan) => span.attributes['ambon.service'];
    for (const subgraph of ['population', 'membership', 'budget']) {
      const server = inTrace.filter((span) => service(span) === subgraph && span.name === `${subgraph} POST /graphql`);
      expect(server.length).toBeGreaterThanOrEqual(1);
      const sql = inTrace.filter((span) => service(span) === subgraph && span.name.startsWith(`${subgraph} SQL`));
      expect(sql.length).toBeGreaterThanOrEqual(1);
      // SQL text, never its values: the NIK is a parameter.
      for (const span of sql) expect(String(span.attributes['db.query.text'])).not.toContain(storyWorkers()[11].nik);
    }
  });
});
