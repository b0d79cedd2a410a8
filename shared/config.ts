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
/** The development key the gateway and subgraphs sign internal calls with (AUTH_MODE=development only). */
export const DEVELOPMENT_GATEWAY_SIGNING_KEY = 'development-only-gateway-signing-key-0123456789abcdef';

/** The variables that choose the development keys, as `npm start` and the tests set them. */
export const DEVELOPMENT_AUTH: Env = { AUTH_MODE: 'development' };

const port = z.coerce.number().int().min(0).max(65535);
const url = z.url();
const secret = (name: string) => z.string().min(32, `${name} must be at least 32 characters`);

/**
 * Identity settings. Production verifies users' tokens (ES256 or EdDSA) against the identity
 * provider's JWKS (`JWKS_URL` or `JWKS_FILE`) and signs the gateway's calls to the subgraphs with
 * `GATEWAY_SIGNING_KEY`. The development keys committed here are used only when AUTH_MODE=development
 * is chosen explicitly and NODE_ENV is development or test: nothing falls back to them.
 */
export const commonSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
    HOST: z.string().min(1).default('127.0.0.1'),
    AUTH_MODE: z.enum(['jwks', 'development']).default('jwks'),
    JWT_SECRET: secret('JWT_SECRET').optional(),
    JWT_ISSUER: z.string().min(1).default('social-assistance-platform'),
    JWT_AUDIENCE: z.string().min(1).default('social-assistance-platform'),
    JWKS_URL: url.optional(),
    JWKS_FILE: z.string().min(1).optional(),
    GATEWAY_SIGNING_KEY: secret('GATEWAY_SIGNING_KEY').optional(),
    LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
    /** after SIGTERM, how long a process goes on serving (readiness 503) before it stops accepting */
    SHUTDOWN_DELAY_MS: z.coerce.number().int().min(0).max(10_000).default(1000),
    /** the bearer token a Prometheus scraper sends for GET /metrics; unset: no /metrics at all */
    METRICS_TOKEN: secret('METRICS_TOKEN').optional(),
  })
  .superRefine((c, ctx) => {
    const development = c.AUTH_MODE === 'development';
    if (development && c.NODE_ENV === 'production')
      ctx.addIssue({
        code: 'custom',
        path: ['AUTH_MODE'],
        message: 'AUTH_MODE=development (the development keys) is refused when NODE_ENV=production',
      });
    if (!development && !c.GATEWAY_SIGNING_KEY)
      ctx.addIssue({
        code: 'custom',
        path: ['GATEWAY_SIGNING_KEY'],
        message:
          'set GATEWAY_SIGNING_KEY (32+ characters, shared by the gateway and the subgraphs only), or AUTH_MODE=development for local use',
      });
    for (const [name, value, dev] of [
      ['JWT_SECRET', c.JWT_SECRET, DEVELOPMENT_JWT_SECRET],
      ['GATEWAY_SIGNING_KEY', c.GATEWAY_SIGNING_KEY, DEVELOPMENT_GATEWAY_SIGNING_KEY],
    ] as const)
      if (value === dev && c.NODE_ENV === 'production')
        ctx.addIssue({ code: 'custom', path: [name], message: `${name} is the development key` });
    // the scraper's token opens the metrics only: it must not also be a signing key
    const signingKeys = [
      c.GATEWAY_SIGNING_KEY ?? DEVELOPMENT_GATEWAY_SIGNING_KEY,
      c.JWT_SECRET ?? DEVELOPMENT_JWT_SECRET,
    ];
    if (c.METRICS_TOKEN && signingKeys.includes(c.METRICS_TOKEN))
      ctx.addIssue({
        code: 'custom',
        path: ['METRICS_TOKEN'],
        message: 'METRICS_TOKEN must differ from GATEWAY_SIGNING_KEY and JWT_SECRET',
      });
  })
  .transform((c) => {
    const development = c.AUTH_MODE === 'development';
    return {
      ...c,
      // the development user key only in development mode: HS256 is never accepted otherwise
      JWT_SECRET: development ? (c.JWT_SECRET ?? DEVELOPMENT_JWT_SECRET) : undefined,
      GATEWAY_SIGNING_KEY: c.GATEWAY_SIGNING_KEY ?? DEVELOPMENT_GATEWAY_SIGNING_KEY,
    };
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
export type DatabaseTarget =
  | { kind: 'postgres'; url: string }
  /** `served`: the address where `npm start` serves this PGlite (shared/pglite-host.ts) */
  | { kind: 'pglite'; dataDir: string | null; served?: string };

/**
 * `<DEPT>_DATABASE_URL` names the department's database exactly. Otherwise `DATABASE_URL` names the
 * server (its path is only the maintenance database) and the department gets its own database
 * on it (`civil_affairs`, `disability`, `trade_union`, `health`, `charity`), created if absent.
 * With neither, an embedded PGlite under `DATA_DIR/<subgraph>` (default ./.data), which the
 * department opens itself, or which `npm start` serves to it at `<DEPT>_PGLITE_URL`.
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
  const dataDir = path.join(path.resolve(env.DATA_DIR || '.data'), info.subgraph);
  const served = env[`${info.envPrefix}_PGLITE_URL`];
  return { kind: 'pglite', dataDir, ...(served ? { served } : {}) };
}
