/**
 * What every subgraph shares: its config shape, its request context and its process lifecycle.
 * A subgraph's own files (schema, entities, services, loaders) plug into these.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { printSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLSchema } from 'graphql';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { accessGuardPlugin } from './access-guard';
import {
  DisclosureFacts,
  IdNumberDisclosure,
  guardSensitiveFields,
  idNumberDisclosure,
  idNumberDisclosurePlugin,
} from './disclosure';
import { AuditLog } from './audit';
import { AuditRecorder, auditPlugin } from './audit-plugin';
import type { Citizen, Identity } from './auth';
import {
  CommonConfig,
  DEVELOPMENT_AUTH,
  DatabaseTarget,
  Env,
  commonSchema,
  databaseTarget,
  departmentPort,
  parseEnv,
  subgraphUrls,
} from './config';
import { Constructor, Database, openDatabase } from './database';
import { Department, departmentInfo } from './departments';
import { GraphQLService, createGraphQLService, introspectionAllowed } from './http';
import { verifyInternalRequest } from './internal-auth';
import { configureLogging, log } from './logging';
import { collectStartUpGarbage } from './memory';
import { onTerminationSignal } from './shutdown';
import { Tracing, loadTracingConfig, startTracing } from './tracing';
import { Metrics } from './metrics';
import { Outbox1764000000910, outboxBacklog } from './outbox';

export interface SubgraphConfig extends CommonConfig {
  department: Department;
  port: number;
  database: DatabaseTarget;
  /** civil affairs' GraphQL endpoint, for partner departments' registry look-ups */
  registryUrl: string;
  /** every department's subgraph endpoint, for batched look-ups between departments */
  subgraphUrls: Record<Department, string>;
  registryTimeoutMs: number;
  /** how often background delivery (outboxes) runs */
  outboxIntervalMs: number;
  /** warn (readiness details, dashboards) this many days before the working-day calendar runs out */
  calendarWarningDays: number;
}

/** how many days before the working-day calendar runs out an administrator is warned */
export const DEFAULT_CALENDAR_WARNING_DAYS = 60;

export function loadSubgraphConfig(department: Department, env: Env): SubgraphConfig {
  const common = parseEnv(commonSchema, env, departmentInfo(department).subgraph);
  const registryTimeoutMs = parseEnv(
    z.coerce.number().int().positive().default(3000),
    env.REGISTRY_TIMEOUT_MS,
    'REGISTRY_TIMEOUT_MS',
  );
  const outboxIntervalMs = parseEnv(
    z.coerce.number().int().positive().default(1000),
    env.OUTBOX_INTERVAL_MS,
    'OUTBOX_INTERVAL_MS',
  );
  const calendarWarningDays = parseEnv(
    z.coerce.number().int().min(0).default(DEFAULT_CALENDAR_WARNING_DAYS),
    env.CALENDAR_WARNING_DAYS,
    'CALENDAR_WARNING_DAYS',
  );
  return {
    ...common,
    outboxIntervalMs,
    calendarWarningDays,
    department,
    port: departmentPort(env, department),
    database: databaseTarget(env, department),
    registryUrl: subgraphUrls(env)[Department.CIVIL_AFFAIRS],
    subgraphUrls: subgraphUrls(env),
    registryTimeoutMs,
  };
}

export interface RequestIdentity {
  identity: Identity;
}

export interface SubgraphContext<Loaders> {
  /**
   * The member of staff (or service) the gateway vouches for. For a CITIZEN request it is absent at
   * run time: the access policy lets a citizen reach `myAccessLog` alone, which reads `citizen`.
   */
  identity: Identity;
  citizen?: Citizen;
  loaders: Loaders;
  /** ID numbers given to another department in this answer: shown or to be masked by the gateway */
  idNumbers?: IdNumberDisclosure;
  /** what the request read and wrote, written to the audit log at its end */
  audit: AuditRecorder;
}

/**
 * A subgraph described by its parts; shared code assembles, prints and runs it, so the five
 * subgraphs differ only in their own entities, migrations, services, schema and loaders.
 */
export interface SubgraphDefinition<Services = any, Loaders = any> {
  department: Department;
  entities: Constructor[];
  migrations: Constructor[];
  createServices(dataSource: DataSource, config: SubgraphConfig): Services;
  buildSchema(services: Services): Promise<GraphQLSchema>;
  /** start-up work after migrations, e.g. publishing shipped data (optional) */
  prepare?(services: Services): Promise<void>;
  /** background work while the server runs (e.g. outbox delivery); returns how to stop it */
  background?(services: Services, config: SubgraphConfig): () => Promise<void>;
  /** what an administrator should act on soon, shown in /readyz's details (never makes it unready) */
  warnings?(services: Services): Promise<string[]>;
  /** per-request DataLoaders (STYLE.md habit 4) */
  createLoaders(services: Services, request: RequestIdentity): Loaders;
  /** Apollo plugins of its own, after the shared ones (optional) */
  plugins?(services: Services): ApolloServerPlugin<SubgraphContext<Loaders>>[];
  /** what the masking guard's rules ask of this subgraph's data (consent, referrals); optional */
  disclosure?: DisclosureFacts<SubgraphContext<Loaders>>;
}

export function defineSubgraph<Services, Loaders>(
  definition: SubgraphDefinition<Services, Loaders>,
): SubgraphDefinition<Services, Loaders> {
  return definition;
}

/** Builds the subgraph's HTTP service over an opened, migrated database. No side effects. */
export async function createSubgraphServer<S, L>(
  definition: SubgraphDefinition<S, L>,
  config: SubgraphConfig,
  database: Database,
): Promise<GraphQLService & { services: S }> {
  const services = definition.createServices(database.dataSource, config);
  // the masking guard wraps the sensitive fields this department keeps (shared/sensitive-fields.ts)
  const schema = guardSensitiveFields(
    await definition.buildSchema(services),
    config.department,
    definition.disclosure ?? { subjectOf: () => null },
  );
  await definition.prepare?.(services);
  const audit = auditPlugin(config.department, new AuditLog(database.dataSource));
  const metrics = subgraphMetrics(definition, config, database);
  const service = createGraphQLService<SubgraphContext<L>>({
    name: departmentInfo(config.department).subgraph,
    apollo: {
      schema,
      introspection: introspectionAllowed(config),
      plugins: [
        ApolloServerPluginInlineTraceDisabled(),
        accessGuardPlugin(),
        audit,
        idNumberDisclosurePlugin(),
        ...(definition.plugins?.(services) ?? []),
      ],
    },
    requestIds: { key: config.GATEWAY_SIGNING_KEY },
    // only the gateway's signature over this very body, or a service credential, opens a subgraph;
    // loaders are made per request and dropped with it: nothing is shared between requests
    context: async (req) => {
      const principal = await verifyInternalRequest(
        req.headers.authorization,
        (req as { rawBody?: Buffer }).rawBody,
        departmentInfo(config.department).subgraph,
        config,
      );
      const identity = principal.identity ?? (undefined as unknown as Identity);
      return {
        identity,
        citizen: principal.citizen,
        loaders: definition.createLoaders(services, { identity }),
        audit: new AuditRecorder(),
        idNumbers: idNumberDisclosure(),
      };
    },
    metrics,
    readiness: async () => {
      await database.dataSource.query('SELECT 1');
      const warnings = (await definition.warnings?.(services)) ?? [];
      return { ready: true, checks: { database: 'ok' }, ...(warnings.length ? { warnings } : {}) };
    },
  });
  const stopBackground = definition.background?.(services, config);
  return {
    services,
    httpServer: service.httpServer,
    listen: (port, host) => service.listen(port, host),
    // in-flight requests first (they may write outbox messages), then background work's last pass
    async close() {
      await service.close();
      await stopBackground?.();
    },
  };
}

/** A subgraph's metrics: its operations (shared/http.ts) and loaders, its pool, its outbox backlog. */
function subgraphMetrics(
  definition: SubgraphDefinition,
  config: SubgraphConfig,
  database: Database,
): Metrics {
  const metrics = new Metrics(departmentInfo(config.department).subgraph, config.METRICS_TOKEN);
  metrics.watchLoaderBatches();
  metrics.labelledGauge(
    'db_pool_connections',
    'Database pool connections by state (max: the pool size; PGlite: one connection)',
    'state',
    () => ({ ...database.pool() }),
  );
  if (definition.migrations.includes(Outbox1764000000910))
    metrics.watchOutbox(() => outboxBacklog(database.dataSource));
  return metrics;
}

/** The subgraph's SDL, built without a database (services over a data source that is never opened). */
export async function printSubgraphSdl(
  definition: SubgraphDefinition,
  env: Env = DEVELOPMENT_AUTH,
): Promise<string> {
  const config = loadSubgraphConfig(definition.department, env);
  const services = definition.createServices(new DataSource({ type: 'postgres' }), config);
  return printSubgraphSchema(await definition.buildSchema(services));
}

/** The body of every subgraph's index.ts: read config, open the database, migrate, listen. */
export async function runSubgraph(definition: SubgraphDefinition, env: Env): Promise<void> {
  const { department } = definition;
  const name = departmentInfo(department).subgraph;
  let config: SubgraphConfig;
  let tracing: Tracing | undefined;
  try {
    config = loadSubgraphConfig(department, env);
    // before the database opens: pg is instrumented as TypeORM requires it
    tracing = startTracing(loadTracingConfig(name, env));
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n`);
    process.exit(2);
  }
  configureLogging(name, config.LOG_LEVEL, config.NODE_ENV === 'production');
  const started = Date.now();
  let database: Database;
  let server: GraphQLService;
  try {
    database = await openDatabase({
      target: config.database,
      name,
      entities: definition.entities,
      migrations: definition.migrations,
    });
    server = await createSubgraphServer(definition, config, database);
    const { url } = await server.listen(config.port, config.HOST);
    log.info(`ready at ${url} (${database.description}, ${Date.now() - started} ms)`);
    collectStartUpGarbage();
  } catch (e) {
    const error = e as NodeJS.ErrnoException;
    log.error(
      error.code === 'EADDRINUSE'
        ? `port ${config.port} is already in use; set ${departmentInfo(department).envPrefix}_PORT to another`
        : `could not start: ${error.message}`,
    );
    process.exit(1);
  }

  onTerminationSignal(async () => {
    await server.close().catch((e) => log.error('close failed', { error: String(e) }));
    await database.close().catch((e) => log.error('database close failed', { error: String(e) }));
    await tracing?.shutdown().catch((e) => log.error('trace export failed', { error: String(e) }));
  }, config.SHUTDOWN_DELAY_MS);
}
