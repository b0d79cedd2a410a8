/**
 * Traces (shared/tracing.ts): with OTEL_EXPORTER_OTLP_ENDPOINT set, the six real processes export
 * OTLP/HTTP (JSON) to a small receiver in this test, and one cross-department lookup arrives as one
 * trace: the gateway's spans, every department's server span under them and their SQL.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { Role } from '../../shared/auth';
import { DEPARTMENTS, Department } from '../../shared/departments';
import { buildSubject, rng } from '../fixtures/factories';
import { contractOperations } from '../helpers/contract';
import { Platform, startPlatform } from '../helpers/processes';
import { post, token } from '../helpers/system';

const LOOKUP = contractOperations().find((o) => o.name === 'CrossLineLookup')!.document;

interface ReceivedSpan {
  service: string;
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  attributes: Record<string, unknown>;
}

/** An OTLP/HTTP receiver: POST /v1/traces with the JSON encoding, as the exporter sends by default. */
function otlpReceiver() {
  const spans: ReceivedSpan[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      if (req.url === '/v1/traces') {
        for (const resourceSpans of JSON.parse(body).resourceSpans ?? []) {
          const service = resourceSpans.resource.attributes.find((a: any) => a.key === 'service.name')?.value
            .stringValue;
          for (const scope of resourceSpans.scopeSpans ?? [])
            for (const span of scope.spans ?? [])
              spans.push({
                service,
                traceId: span.traceId,
                spanId: span.spanId,
                parentSpanId: span.parentSpanId || undefined,
                name: span.name,
                attributes: Object.fromEntries(
                  (span.attributes ?? []).map((a: any) => [a.key, Object.values(a.value)[0]]),
                ),
              });
        }
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  return { server, spans };
}

describe('one lookup, one trace', () => {
  const receiver = otlpReceiver();
  let platform: Platform;
  const person = buildSubject(rng(91), '330381101009');

  beforeAll(async () => {
    await new Promise<void>((resolve) => receiver.server.listen(0, '127.0.0.1', resolve));
    const { port } = receiver.server.address() as AddressInfo;
    platform = await startPlatform({
      env: { OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${port}`, OTEL_BSP_SCHEDULE_DELAY: '200' },
    });
    const { errors } = await post(
      platform.gatewayUrl,
      `mutation($i: SubjectInput!) { registerSubject(input: $i) { id } }`,
      { i: person },
      await token(Department.CIVIL_AFFAIRS, Role.STAFF, '330381'),
    );
    expect(errors).toBeUndefined();
  });
  afterAll(async () => {
    await platform?.stop();
    await new Promise((resolve) => receiver.server.close(resolve));
  });

  it('spans the gateway, every department and their SQL under the caller’s traceparent', async () => {
    const traceId = randomBytes(16).toString('hex');
    const res = await fetch(platform.gatewayUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${await token(Department.CIVIL_AFFAIRS, Role.STAFF, '330381')}`,
        traceparent: `00-${traceId}-${randomBytes(8).toString('hex')}-01`,
      },
      body: JSON.stringify({ query: LOOKUP, variables: { idNumber: person.idNumber } }),
    });
    const body = (await res.json()) as { data?: any; errors?: unknown[] };
    expect(body.errors).toBeUndefined();
    expect(body.data.subjectByIdNumber.idNumber).toBe(person.idNumber);

    const services = ['gateway', ...DEPARTMENTS.map((d) => d.subgraph)];
    const ofTrace = () => receiver.spans.filter((s) => s.traceId === traceId);
    const deadline = Date.now() + 20_000;
    while (
      Date.now() < deadline &&
      !(
        services.every((service) => ofTrace().some((s) => s.service === service && s.parentSpanId)) &&
        ofTrace().some((s) => s.name === 'gateway.request')
      )
    )
      await new Promise((resolve) => setTimeout(resolve, 200));

    const spans = ofTrace();
    expect([...new Set(spans.map((s) => s.service))].sort()).toEqual([...services].sort());
    // @apollo/gateway's own spans are in it (through @opentelemetry/api)
    expect(spans.filter((s) => s.service === 'gateway').map((s) => s.name)).toContain('gateway.request');
    const gatewaySpanIds = new Set(spans.filter((s) => s.service === 'gateway').map((s) => s.spanId));
    for (const { subgraph } of DEPARTMENTS) {
      // each department's server span hangs under the gateway's fetch to it: propagated, not a new trace
      const server = spans.filter((s) => s.service === subgraph && gatewaySpanIds.has(s.parentSpanId!));
      expect({ subgraph, servedUnderGateway: server.length > 0 }).toEqual({
        subgraph,
        servedUnderGateway: true,
      });
    }
    const sql = spans.filter(
      (s) => s.attributes['db.system'] === 'postgresql' || s.attributes['db.system.name'] === 'postgresql',
    );
    expect(sql.length).toBeGreaterThan(0);
    expect(sql.every((s) => s.service !== 'gateway')).toBe(true);
    // statements, never their parameters (ID numbers)
    expect(JSON.stringify(sql)).not.toContain(person.idNumber);
  });
});
