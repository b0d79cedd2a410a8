/**
 * What every subgraph shares: its config shape, its request context and its process lifecycle.
 * A subgraph's own files (schema, entities, services, loaders) plug into these.
 */
import type { GraphQLSchema } from 'graphql';
import { z } from 'zod';
import { Identity, identify } from './auth';
import {
  CommonConfig,
  DatabaseTarget,
  Env,
  commonSchema,
  databaseTarget,
  departmentPort,
  parseEnv,
  subgraphUrls,
} from './config';
import { Database, openDatabase } from './database';
import { Department, departmentInfo } from './departments';
import { GraphQLService, createGraphQLService } from './http';
import { configureLogging, log } from './logging';
import { RegistryClient } from './registry-client';

export interface SubgraphConfig extends CommonConfig {
  department: Department;
  port: number;
  database: DatabaseTarget;
  /** civil affairs' GraphQL endpoint, for partner departments' registry look-ups */
  registryUrl: string;
  registryTimeoutMs: number;
}

export function loadSubgraphConfig(department: Department, env: Env): SubgraphConfig {
  const common = parseEnv(commonSchema, env, departmentInfo(department).subgraph);
  const registryTimeoutMs = parseEnv(
    z.coerce.number().int().positive().default(3000),
    env.REGISTRY_TIMEOUT_MS,
    'REGISTRY_TIMEOUT_MS',
  );
  return {
    ...common,
    department,
    port: departmentPort(env, department),
    database: databaseTarget(env, department),
    registryUrl: subgraphUrls(env)[Department.CIVIL_AFFAIRS],
    registryTimeoutMs,
  };
}

export interface SubgraphContext<Loaders> {
  identity: Identity;
  /** the caller's Authorization header, forwarded on registry look-ups */
  authorization: string;
  loaders: Loaders;
}

export interface SubgraphParts<Loaders> {
  config: SubgraphConfig;
  database: Database;
  schema: GraphQLSchema;
  /** per-request DataLoaders (STYLE.md habit 4) */
  createLoaders: () => Loaders;
}

export function createSubgraphService<Loaders>(parts: SubgraphParts<Loaders>): GraphQLService {
  const { config, database } = parts;
  return createGraphQLService<SubgraphContext<Loaders>>({
    name: departmentInfo(config.department).subgraph,
    apollo: { schema: parts.schema, introspection: true },
    context: async (req) => {
      const authorization = req.headers.authorization ?? '';
      const identity = await identify(authorization, config);
      return { identity, authorization, loaders: parts.createLoaders() };
    },
    readiness: async () => {
      await database.dataSource.query('SELECT 1');
      return { ready: true, checks: { database: 'ok' } };
    },
  });
}

export function registryClient(config: SubgraphConfig): RegistryClient {
  return new RegistryClient(config.registryUrl, config.registryTimeoutMs);
}

export interface SubgraphModule {
  entities: Function[];
  migrations: Function[];
  createServer(config: SubgraphConfig, database: Database): Promise<GraphQLService>;
}

/** The body of every subgraph's index.ts: read config, open the database, migrate, listen. */
export async function runSubgraph(department: Department, module: SubgraphModule, env: Env): Promise<void> {
  const name = departmentInfo(department).subgraph;
  let config: SubgraphConfig;
  try {
    config = loadSubgraphConfig(department, env);
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n`);
    process.exit(2);
  }
  configureLogging(name, config.LOG_LEVEL, config.NODE_ENV === 'production');
  const started = Date.now();
  const database = await openDatabase({
    target: config.database,
    name,
    entities: module.entities,
    migrations: module.migrations,
  });
  const server = await module.createServer(config, database);
  const { url } = await server.listen(config.port, config.HOST);
  log.info(`ready at ${url} (${database.description}, ${Date.now() - started} ms)`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info(`${signal}: stopping`);
    await server.close().catch((e) => log.error('close failed', { error: String(e) }));
    await database.close().catch((e) => log.error('database close failed', { error: String(e) }));
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}
