/**
 * OpenTelemetry traces (docs/operations.md "Traces"), off unless asked for with the standard
 * variables: `OTEL_TRACES_EXPORTER=otlp` (or `console`), or an `OTEL_EXPORTER_OTLP_ENDPOINT` /
 * `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`; `OTEL_SDK_DISABLED=true` wins over both. The OTLP/HTTP
 * exporter reads its own `OTEL_EXPORTER_OTLP_*` settings (endpoint, headers, timeout).
 *
 * One setup for every process, called first thing in its `main`: the gateway's server span, the
 * spans @apollo/gateway makes through @opentelemetry/api (plan, fetch per subgraph), the outgoing
 * fetch to each subgraph (undici, which adds W3C `traceparent`), the subgraph's server span that
 * continues that trace, and its SQL (pg) make one trace per lookup. The gateway signs only the body
 * of a subgraph request (shared/internal-auth.ts), so the header added after signing is harmless.
 */
import type { SpanExporter } from '@opentelemetry/sdk-trace';
import { z } from 'zod';
import { Env, parseEnv } from './config';

const tracingSchema = z.object({
  OTEL_SDK_DISABLED: z.enum(['true', 'false']).optional(),
  OTEL_TRACES_EXPORTER: z.enum(['otlp', 'console', 'none']).optional(),
  OTEL_EXPORTER_OTLP_ENDPOINT: z.url().optional(),
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: z.url().optional(),
  OTEL_SERVICE_NAME: z.string().min(1).optional(),
  /** how long finished spans wait before they are sent in one batch (the SDK's default: 5 s) */
  OTEL_BSP_SCHEDULE_DELAY: z.coerce.number().int().positive().default(5000),
});

export interface TracingConfig {
  exporter: 'otlp' | 'console' | 'none';
  serviceName: string;
  scheduleDelayMs: number;
}

/** The tracing settings of a process named `service`; `none` unless the OTEL_* variables ask. */
export function loadTracingConfig(service: string, env: Env): TracingConfig {
  const own = parseEnv(tracingSchema, env, service);
  const endpoint = own.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ?? own.OTEL_EXPORTER_OTLP_ENDPOINT;
  const exporter =
    own.OTEL_SDK_DISABLED === 'true' ? 'none' : (own.OTEL_TRACES_EXPORTER ?? (endpoint ? 'otlp' : 'none'));
  return {
    exporter,
    serviceName: own.OTEL_SERVICE_NAME ?? service,
    scheduleDelayMs: own.OTEL_BSP_SCHEDULE_DELAY,
  };
}

export interface Tracing {
  /** sends what is still buffered and stops; called on shutdown */
  shutdown(): Promise<void>;
}

/** paths that are polled, not served: no span for them */
const UNTRACED = /^\/(healthz|readyz|metrics)\b/;

/**
 * Starts tracing for this process when its config asks for it, else does nothing. Call it before
 * the process opens its database or builds its server: the instrumentations patch `http` and `pg`
 * as they are next required. `exporter` replaces the configured one (tests).
 */
export function startTracing(config: TracingConfig, exporter?: SpanExporter): Tracing | undefined {
  if (config.exporter === 'none' && !exporter) return undefined;
  // loaded only when tracing is on: with it off (the default) a process starts without the SDK and
  // its instrumentations (~250 ms of CPU and ~10 MB less in each of npm start's processes)
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { context, propagation, trace } =
    require('@opentelemetry/api') as typeof import('@opentelemetry/api');
  const { AsyncLocalStorageContextManager } =
    require('@opentelemetry/context-async-hooks') as typeof import('@opentelemetry/context-async-hooks');
  const { W3CTraceContextPropagator } =
    require('@opentelemetry/core') as typeof import('@opentelemetry/core');
  const { OTLPTraceExporter } =
    require('@opentelemetry/exporter-trace-otlp-http') as typeof import('@opentelemetry/exporter-trace-otlp-http');
  const { registerInstrumentations } =
    require('@opentelemetry/instrumentation') as typeof import('@opentelemetry/instrumentation');
  const { HttpInstrumentation } =
    require('@opentelemetry/instrumentation-http') as typeof import('@opentelemetry/instrumentation-http');
  const { PgInstrumentation } =
    require('@opentelemetry/instrumentation-pg') as typeof import('@opentelemetry/instrumentation-pg');
  const { UndiciInstrumentation } =
    require('@opentelemetry/instrumentation-undici') as typeof import('@opentelemetry/instrumentation-undici');
  const { resourceFromAttributes } =
    require('@opentelemetry/resources') as typeof import('@opentelemetry/resources');
  const { BatchSpanProcessor, ConsoleSpanExporter, TracerProvider } =
    require('@opentelemetry/sdk-trace') as typeof import('@opentelemetry/sdk-trace');
  const { ATTR_SERVICE_NAME } =
    require('@opentelemetry/semantic-conventions') as typeof import('@opentelemetry/semantic-conventions');
  /* eslint-enable @typescript-eslint/no-require-imports */
  const provider = new TracerProvider({
    resource: resourceFromAttributes({ [ATTR_SERVICE_NAME]: config.serviceName }),
    spanProcessors: [
      new BatchSpanProcessor({
        exporter:
          exporter ?? (config.exporter === 'console' ? new ConsoleSpanExporter() : new OTLPTraceExporter()),
        scheduledDelayMillis: config.scheduleDelayMs,
      }),
    ],
  });
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  trace.setGlobalTracerProvider(provider);
  const unregister = registerInstrumentations({
    tracerProvider: provider,
    instrumentations: [
      new HttpInstrumentation({
        ignoreIncomingRequestHook: (req) => UNTRACED.test(req.url ?? ''),
        // outgoing: the gateway's subgraph requests (gateway/src/subgraph-http.ts); Node's fetch is
        // undici, traced below; pg's socket is not http
        ignoreOutgoingRequestHook: (options) => UNTRACED.test(String(options.path ?? '')),
      }),
      new UndiciInstrumentation(),
      // statement text only (named statements: `/* overdueVisits (…) */ select …`), never parameters:
      // they carry ID numbers
      new PgInstrumentation({ enhancedDatabaseReporting: false }),
    ],
  });
  // `http` was loaded before the hook existed: requiring it again patches its exports in place
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require('node:http');
  return {
    async shutdown() {
      unregister();
      await provider.shutdown();
    },
  };
}
