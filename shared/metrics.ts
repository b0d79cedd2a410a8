/**
 * Prometheus metrics (README "Metrics"): every server — the gateway and each subgraph — keeps its
 * own Registry, labelled with its service name, so several servers in one process (the tests) never
 * share or double-register a metric. An Apollo Server plugin counts and times every operation and its
 * errors by code; the gateway adds its subgraph fetches, WebSockets and event-feed lag, a subgraph its DataLoader
 * batches, database pool and outbox backlog. `GET /metrics` serves the text format to a scraper that
 * holds `METRICS_TOKEN`, and does not exist at all without one.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { createHash, timingSafeEqual } from 'node:crypto';
import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import type { Express, RequestHandler } from 'express';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const LAG_BUCKETS = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300];
const BATCH_BUCKETS = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000];
/** operation names and error codes come from clients and subgraphs: a label keeps this many values */
const MAX_LABEL_VALUES = 200;
/** a scrape waits at most this long for a database-backed gauge */
const COLLECT_TIMEOUT_MS = 1000;

/** the metrics of the server handling the current request: DataLoaders built anywhere report here */
const current = new AsyncLocalStorage<Metrics>();

export type FetchOutcome = 'ok' | 'error' | 'unavailable';

export interface OutboxBacklog {
  kind: string;
  count: number;
  oldestSeconds: number;
}

export class Metrics {
  readonly registry = new Registry();
  private readonly requests: Counter<'operation' | 'status'>;
  private readonly duration: Histogram<'operation'>;
  private readonly errors: Counter<'operation' | 'code'>;
  private readonly operations = new BoundedLabel(MAX_LABEL_VALUES);
  private readonly codes = new BoundedLabel(MAX_LABEL_VALUES);
  private fetches?: {
    duration: Histogram<'department' | 'outcome'>;
    failures: Counter<'department' | 'outcome'>;
  };
  private batches?: Histogram;
  private readonly expected: Buffer | undefined;

  /** `token`: the bearer token a scraper must send; without one `/metrics` is not served */
  constructor(
    readonly service: string,
    token: string | undefined,
  ) {
    this.expected = token ? digest(token) : undefined;
    this.registry.setDefaultLabels({ service });
    collectDefaultMetrics({ register: this.registry });
    const registers = [this.registry];
    this.requests = new Counter({
      name: 'graphql_requests_total',
      help: 'GraphQL operations answered, by operation name and status (error: the answer has errors)',
      labelNames: ['operation', 'status'],
      registers,
    });
    this.duration = new Histogram({
      name: 'graphql_request_duration_seconds',
      help: 'Time from the request reaching Apollo Server to its answer, by operation name',
      labelNames: ['operation'],
      buckets: LATENCY_BUCKETS,
      registers,
    });
    this.errors = new Counter({
      name: 'graphql_errors_total',
      help: 'Errors in GraphQL answers, by operation name and extensions.code',
      labelNames: ['operation', 'code'],
      registers,
    });
  }

  /** Counts and times every operation and its errors (the codes the client sees, after formatting). */
  plugin(): ApolloServerPlugin<BaseContext> {
    const { operations, codes, duration, requests, errors: errorCount } = this;
    return {
      async requestDidStart() {
        const started = process.hrtime.bigint();
        return {
          async willSendResponse({ operationName, response }) {
            const operation = operations.label(operationName ?? 'anonymous');
            const errors = response.body.kind === 'single' ? (response.body.singleResult.errors ?? []) : [];
            duration.observe({ operation }, Number(process.hrtime.bigint() - started) / 1e9);
            requests.inc({ operation, status: errors.length ? 'error' : 'ok' });
            for (const error of errors)
              errorCount.inc({ operation, code: codes.label(String(error.extensions?.code ?? 'UNKNOWN')) });
          },
        };
      },
    };
  }

  /** Middleware: the rest of the request (Apollo's middleware after it) runs with these metrics as its own. */
  scope(): RequestHandler {
    return (_req, _res, next) => current.run(this, next);
  }

  /**
   * Mounts `GET /metrics` when a token is configured: a request without `Authorization: Bearer
   * <token>` gets 401 and nothing else. Without a token the route does not exist (404, as any path).
   */
  route(app: Express): void {
    const expected = this.expected;
    if (!expected) return;
    app.get('/metrics', async (req, res) => {
      const given = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
      if (!given || !timingSafeEqual(digest(given), expected)) {
        res.status(401).set('www-authenticate', 'Bearer').end();
        return;
      }
      res.set('content-type', this.registry.contentType).send(await this.registry.metrics());
    });
  }

  /** Gateway: starts timing one subgraph fetch; call the result with how it ended. */
  timeSubgraphFetch(department: string): (outcome: FetchOutcome) => void {
    const registers = [this.registry];
    this.fetches ??= {
      duration: new Histogram({
        name: 'gateway_subgraph_fetch_duration_seconds',
        help: "Time of the gateway's fetches from each department's subgraph, by outcome",
        labelNames: ['department', 'outcome'],
        buckets: LATENCY_BUCKETS,
        registers,
      }),
      failures: new Counter({
        name: 'gateway_subgraph_fetch_failures_total',
        help: 'Subgraph fetches that failed: unavailable (unreachable, timed out) or error (any other)',
        labelNames: ['department', 'outcome'],
        registers,
      }),
    };
    const { duration, failures } = this.fetches;
    const end = duration.startTimer({ department });
    return (outcome) => {
      end({ outcome });
      if (outcome !== 'ok') failures.inc({ department, outcome });
    };
  }

  /**
   * Gateway: the time from civil affairs writing an event to this gateway handing it to its
   * subscribers (the long poll's delay, and the whole outage when civil affairs was down).
   */
  eventFeedLag(): (writtenAt: Date) => void {
    const lag = new Histogram({
      name: 'gateway_event_feed_lag_seconds',
      help: 'From an event being written to the log to this gateway passing it to its subscriptions',
      buckets: LAG_BUCKETS,
      registers: [this.registry],
    });
    return (writtenAt) => lag.observe(Math.max(0, (Date.now() - writtenAt.getTime()) / 1000));
  }

  /** Subgraph: records DataLoader batch sizes from now on. */
  watchLoaderBatches(): void {
    this.batches ??= new Histogram({
      name: 'dataloader_batch_size',
      help: 'Keys per DataLoader batch (one SQL statement each)',
      buckets: BATCH_BUCKETS,
      registers: [this.registry],
    });
  }

  observeBatch(size: number): void {
    this.batches?.observe(size);
  }

  /** A gauge read when scraped, e.g. open WebSockets or the database pool's connections. */
  gauge(name: string, help: string, read: () => number): void {
    new Gauge({
      name,
      help,
      registers: [this.registry],
      collect() {
        this.set(read());
      },
    });
  }

  /** A gauge with one label, read when scraped. */
  labelledGauge(name: string, help: string, label: string, read: () => Record<string, number>): void {
    new Gauge({
      name,
      help,
      labelNames: [label],
      registers: [this.registry],
      collect() {
        for (const [value, count] of Object.entries(read())) this.set({ [label]: value }, count);
      },
    });
  }

  /**
   * Subgraph: the outbox's undelivered messages and the age of the oldest, per kind, queried when
   * scraped (one statement per scrape, at most COLLECT_TIMEOUT_MS; on failure the gauges are absent).
   */
  watchOutbox(backlog: () => Promise<OutboxBacklog[]>): void {
    let scrape: Promise<OutboxBacklog[] | undefined> | undefined;
    // both gauges are collected concurrently: the first asks, the second shares the answer
    const read = () => {
      scrape ??= withTimeout(backlog(), COLLECT_TIMEOUT_MS)
        .catch(() => undefined)
        .finally(() => setImmediate(() => (scrape = undefined)));
      return scrape;
    };
    const gauge = (name: string, help: string, value: (row: OutboxBacklog) => number) =>
      new Gauge({
        name,
        help,
        labelNames: ['kind'],
        registers: [this.registry],
        async collect() {
          this.reset();
          for (const row of (await read()) ?? []) this.set({ kind: row.kind }, value(row));
        },
      });
    gauge('outbox_pending_messages', 'Outbox messages not yet delivered, by kind', (r) => r.count);
    gauge(
      'outbox_oldest_pending_age_seconds',
      'Age of the oldest undelivered outbox message, by kind',
      (r) => r.oldestSeconds,
    );
  }
}

/** For a DataLoader's batch function: counts the batch's keys on the current server's histogram. */
export function observeBatch(size: number): void {
  current.getStore()?.observeBatch(size);
}

/** Keeps a label's values bounded: after `max` distinct values, any new one is counted as `other`. */
class BoundedLabel {
  private readonly seen = new Set<string>();
  constructor(private readonly max: number) {}
  label(value: string): string {
    if (this.seen.has(value)) return value;
    if (this.seen.size >= this.max) return 'other';
    this.seen.add(value);
    return value;
  }
}

function digest(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise,
    new Promise<T>((_resolve, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}
