/**
 * Environment parsing, done once per process with zod (STYLE.md habit 6). Every service shares one
 * env namespace: `GATEWAY_PORT`, `CIVIL_AFFAIRS_PORT` … `CHARITY_PORT`, `<DEPT>_URL`, `DATABASE_URL`,
 * `<DEPT>_DATABASE_URL`, `DATA_DIR`, `HOST`, `JWT_SECRET`, so one `.env` or compose file serves all.
 */
import path from 'node:path';
import { z } from 'zod';
import { DEPARTMENTS, Department, DepartmentInfo, GATEWAY_DEFAULT_PORT, departmentInfo } from './departments';

export type Env = Record<string, string | undefined>;

/** The development signing key: good for `npm start` and tests, refused when NODE_ENV=production. */
export const DEVELOPMENT_JWT_SECRET = 'development-only-secret-change-me-in-production-0123456789';

const port = z.coerce.number().int().min(0).max(65535);
const url = z.url();

export const commonSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
    HOST: z.string().min(1).default('127.0.0.1'),
    JWT_SECRET: z
      .string()
      .min(32, 'JWT_SECRET must be at least 32 characters')
      .default(DEVELOPMENT_JWT_SECRET),
    JWT_ISSUER: z.string().min(1).default('social-assistance-platform'),
    LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
  })
  .refine((c) => c.NODE_ENV !== 'production' || c.JWT_SECRET !== DEVELOPMENT_JWT_SECRET, {
    message: 'JWT_SECRET must be set to a production key when NODE_ENV=production',
    path: ['JWT_SECRET'],
  });

export type CommonConfig = z.infer<typeof commonSchema>;

/** Parses `env` with `schema`, or stops with one line per bad variable. */
export function parseEnv<S extends z.ZodType>(schema: S, env: unknown, service: string): z.infer<S> {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  const lines = result.error.issues.map((i) => `  ${i.path.join('.') || '(env)'}: ${i.message}`);
  throw new ConfigError(`${service}: invalid configuration\n${lines.join('\n')}`);
}

export class ConfigError extends Error {}

export function portVar(info: Pick<DepartmentInfo, 'envPrefix'>): string {
  return `${info.envPrefix}_PORT`;
}

/** Port of each department's subgraph, from `<DEPT>_PORT` or the contract default. */
export function departmentPort(env: Env, department: Department): number {
  const info = departmentInfo(department);
  return parseEnv(port.default(info.port), env[portVar(info)], portVar(info));
}

/** URL of each subgraph's GraphQL endpoint: `<DEPT>_URL`, else http://127.0.0.1:<port>/graphql. */
export function subgraphUrls(env: Env): Record<Department, string> {
  const out = {} as Record<Department, string>;
  for (const info of DEPARTMENTS) {
    const explicit = env[`${info.envPrefix}_URL`];
    out[info.department] = explicit
      ? parseEnv(url, explicit, `${info.envPrefix}_URL`)
      : `http://127.0.0.1:${departmentPort(env, info.department)}/graphql`;
  }
  return out;
}

export function gatewayPort(env: Env): number {
  return parseEnv(port.default(GATEWAY_DEFAULT_PORT), env.GATEWAY_PORT, 'GATEWAY_PORT');
}

/** Where a department's data lives: a PostgreSQL URL, or an embedded PGlite directory. */
export type DatabaseTarget = { kind: 'postgres'; url: string } | { kind: 'pglite'; dataDir: string | null };

/**
 * `<DEPT>_DATABASE_URL` names the department's database exactly. Otherwise `DATABASE_URL` names the
 * server (its path is only the maintenance database) and the department gets its own database
 * on it (`civil_affairs`, `disability`, `trade_union`, `health`, `charity`), created if absent.
 * With neither, an embedded PGlite under `DATA_DIR/<subgraph>` (default ./.data).
 */
export function databaseTarget(env: Env, department: Department): DatabaseTarget {
  const info = departmentInfo(department);
  const own = env[`${info.envPrefix}_DATABASE_URL`];
  if (own) return { kind: 'postgres', url: parseEnv(url, own, `${info.envPrefix}_DATABASE_URL`) };
  if (env.DATABASE_URL) {
    const server = new URL(parseEnv(url, env.DATABASE_URL, 'DATABASE_URL'));
    server.pathname = `/${info.database}`;
    return { kind: 'postgres', url: server.toString() };
  }
  const dataDir = path.resolve(env.DATA_DIR || '.data');
  return { kind: 'pglite', dataDir: path.join(dataDir, info.subgraph) };
}
