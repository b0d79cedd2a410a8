/**
 * Starts the whole platform inside the test process: five subgraphs, each on its own database and
 * real HTTP port (port 0), and the real gateway over the checked-in supergraph. Integration tests
 * use it; e2e tests start real processes instead (tests/helpers/processes).
 */
import { readFileSync } from 'node:fs';
import { Role, signToken } from '../../shared/auth';
import { DEVELOPMENT_AUTH, Env, commonSchema } from '../../shared/config';
import { Database, openDatabase } from '../../shared/database';
import { DEPARTMENTS, Department } from '../../shared/departments';
import type { GraphQLService } from '../../shared/http';
import { configureLogging } from '../../shared/logging';
import {
  SubgraphConfig,
  SubgraphDefinition,
  createSubgraphServer,
  loadSubgraphConfig,
} from '../../shared/subgraph';
import { loadGatewayConfig } from '../../gateway/src/config';
import { SUPERGRAPH_FILE } from '../../gateway/src/compose';
import { createGatewayServer } from '../../gateway/src/server';
import { SUBGRAPHS } from '../../subgraphs';
import { dropTestDatabase, testDatabaseTarget } from './databases';

/** the development keys, as the tests choose them (AUTH_MODE=development) */
export const AUTH = commonSchema.parse({ NODE_ENV: 'test', ...DEVELOPMENT_AUTH });

export interface GraphQLResponse<T = any> {
  status: number;
  data?: T;
  errors?: Array<{ message: string; path?: string[]; extensions?: Record<string, any> }>;
  extensions?: Record<string, any>;
}

export async function token(
  department: Department,
  role: Role,
  region: string | null = null,
): Promise<string> {
  return signToken({ user: `test-${department}-${role}`.toLowerCase(), department, role, region }, AUTH);
}

export async function post<T = any>(
  url: string,
  query: string,
  variables: unknown,
  bearer?: string,
  operationName?: string,
): Promise<GraphQLResponse<T>> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(bearer ? { authorization: `Bearer ${bearer}` } : {}) },
    body: JSON.stringify({ query, variables, operationName }),
  });
  return { status: res.status, ...((await res.json()) as object) };
}

interface RunningSubgraph {
  config: SubgraphConfig;
  database: Database;
  server: GraphQLService & { services: any };
  url: string;
  port: number;
  definition: SubgraphDefinition;
}

export interface TestSystem {
  gatewayUrl: string;
  subgraphs: Record<Department, RunningSubgraph>;
  /** POST through the gateway with a token for `department`/`role` (whole country unless `region`) */
  as(
    department: Department,
    role?: Role,
    region?: string | null,
  ): (query: string, variables?: unknown, operationName?: string) => Promise<GraphQLResponse>;
  /**
   * Sends `mutation { <mutation>(input: $i) { __typename } }` as `department`/`role` (whole country
   * unless `region`), failing with the errors if there are any: test set-up writes.
   */
  write(
    department: Department,
    mutation: string,
    inputType: string,
    input: unknown,
    as?: { role?: Role; region?: string | null },
  ): Promise<void>;
  /**
   * The SQL statements per subgraph while `fn` runs. The audit log's append (one INSERT per request
   * and subgraph, whatever the number of subjects) is counted apart, in `auditAppends`: it is a
   * write beside the read, not part of the read path the statement counts are about.
   */
  countQueries<T>(fn: () => Promise<T>): Promise<{
    result: T;
    statements: Record<Department, string[]>;
    auditAppends: Record<Department, number>;
  }>;
  /**
   * Runs the background work once, now: every partner's outbox (facts to civil affairs) and the
   * shipping of its audit entries that name a person (for `myAccessLog`; throws when civil affairs
   * cannot take them), then civil affairs' catch-up of facts and its sweep — for systems started
   * with a long OUTBOX_INTERVAL_MS.
   */
  settle(): Promise<void>;
  stopSubgraph(department: Department): Promise<void>;
  /** starts a stopped subgraph again on its port, over the same database */
  restartSubgraph(department: Department): Promise<void>;
  close(): Promise<void>;
}

export async function startSystem(
  options: { departments?: Department[]; env?: Env } = {},
): Promise<TestSystem> {
  configureLogging('test', 'error', false);
  const wanted = new Set(options.departments ?? DEPARTMENTS.map((d) => d.department));
  // departments not started point at the discard port, never at a developer's running instance
  const env: Env = {
    ...DEVELOPMENT_AUTH,
    ...options.env,
    NODE_ENV: 'test',
    ...Object.fromEntries(DEPARTMENTS.map((d) => [`${d.envPrefix}_URL`, 'http://127.0.0.1:9/graphql'])),
  };
  const subgraphs = {} as Record<Department, RunningSubgraph>;
  // civil affairs first: the partners' registry client needs its URL
  const ordered = [...SUBGRAPHS].sort(
    (a, b) =>
      Number(b.department === Department.CIVIL_AFFAIRS) - Number(a.department === Department.CIVIL_AFFAIRS),
  );
  try {
    for (const definition of ordered) {
      if (!wanted.has(definition.department)) continue;
      const config = {
        ...loadSubgraphConfig(definition.department, env),
        database: testDatabaseTarget(definition.department),
      };
      const database = await openDatabase({
        target: config.database,
        name: definition.department,
        entities: definition.entities,
        migrations: definition.migrations,
      });
      const server = await createSubgraphServer(definition, config, database);
      const { port } = await server.listen(0, '127.0.0.1');
      const url = `http://127.0.0.1:${port}/graphql`;
      subgraphs[definition.department] = { config, database, server, url, port, definition };
      if (definition.department === Department.CIVIL_AFFAIRS) env.CIVIL_AFFAIRS_URL = url;
      // ports are known only once listening: tell the services started earlier (they keep this object)
      for (const started of Object.values(subgraphs))
        started.config.subgraphUrls[definition.department] = url;
    }
  } catch (e) {
    await closeAll(subgraphs);
    throw e;
  }
  for (const d of DEPARTMENTS) {
    env[`${d.envPrefix}_URL`] = subgraphs[d.department]?.url ?? `http://127.0.0.1:9/graphql`;
  }
  const gateway = createGatewayServer(
    // a stopped department is refused at once (that is what the tests stop); the limit is only for one
    // that hangs, and a loaded CI machine must not turn a slow answer into DEPARTMENT_UNAVAILABLE
    { ...loadGatewayConfig(env), subgraphTimeoutMs: 10_000 },
    readFileSync(SUPERGRAPH_FILE, 'utf8'),
  );
  const { port } = await gateway.listen(0, '127.0.0.1');
  const gatewayUrl = `http://127.0.0.1:${port}/graphql`;

  return {
    gatewayUrl,
    subgraphs,
    as(department, role = Role.ADMIN, region = null) {
      const pending = token(department, role, region);
      return async (query, variables = {}, operationName) =>
        post(gatewayUrl, query, variables, await pending, operationName);
    },
    async write(department, mutation, inputType, input, as = {}) {
      const { errors } = await post(
        gatewayUrl,
        `mutation($i: ${inputType}!) { ${mutation}(input: $i) { __typename } }`,
        { i: input },
        await token(department, as.role ?? Role.ADMIN, as.region ?? null),
      );
      if (errors) throw new Error(`${mutation}: ${errors.map((e) => e.message).join('; ')}`);
    },
    async countQueries(fn) {
      const statements = {} as Record<Department, string[]>;
      const auditAppends = {} as Record<Department, number>;
      const stops = Object.entries(subgraphs).map(([d, s]) => {
        const department = d as Department;
        statements[department] = [];
        auditAppends[department] = 0;
        return s.database.observe((sql) => {
          if (/^\s*\/\* appendAudit /.test(sql)) auditAppends[department]++;
          else statements[department].push(sql);
        });
      });
      try {
        return { result: await fn(), statements, auditAppends };
      } finally {
        stops.forEach((stop) => stop());
      }
    },
    async settle() {
      for (const [department, s] of Object.entries(subgraphs)) {
        if (department === Department.CIVIL_AFFAIRS) continue;
        await s.server.services.kit.outbox.drain();
        await s.server.services.kit.accessLog.ship();
      }
      const civil = subgraphs[Department.CIVIL_AFFAIRS]?.server.services;
      if (civil) {
        await civil.standing.catchUp(civil.partners);
        await civil.standing.sweep();
      }
    },
    async stopSubgraph(department) {
      await subgraphs[department].server.close();
    },
    async restartSubgraph(department) {
      const s = subgraphs[department];
      s.server = await createSubgraphServer(s.definition, s.config, s.database);
      await s.server.listen(s.port, '127.0.0.1');
    },
    async close() {
      await gateway.close();
      await closeAll(subgraphs);
    },
  };
}

async function closeAll(subgraphs: Partial<Record<Department, RunningSubgraph>>) {
  for (const s of Object.values(subgraphs)) {
    if (!s) continue;
    await s.server.close().catch(() => {});
    await s.database.close();
    await dropTestDatabase(s.config.database);
  }
}
