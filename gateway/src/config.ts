import path from 'node:path';
import { z } from 'zod';
import {
  CommonConfig,
  ConfigError,
  Env,
  commonSchema,
  gatewayPort,
  parseEnv,
  subgraphUrls,
} from '../../shared/config';
import { Department } from '../../shared/departments';

export interface GatewayConfig extends CommonConfig {
  port: number;
  supergraphPath: string;
  /** each department's subgraph endpoint, by department */
  subgraphUrls: Record<Department, string>;
  /** a department slower than this is reported unavailable instead of holding the answer */
  subgraphTimeoutMs: number;
  /** the same for the requests of an operation that reads a monthly table (`monthlyReport`) */
  reportSubgraphTimeoutMs: number;
  /** pause before the gateway asks the event log again after a failed long poll */
  eventPollMs: number;
  /** what one client may ask of the gateway (README "Abuse limits") */
  limits: GatewayLimits;
}

export interface OperationLimits {
  depth: number;
  aliases: number;
  directives: number;
  tokens: number;
  /** graphql-armor's cost: 1 a scalar, 2 an object, each level below the root × 1.5 */
  cost: number;
}

export interface GatewayLimits {
  operation: OperationLimits;
  /** largest JSON body of a POST /graphql */
  maxBodyBytes: number;
  /** token bucket per user (per IP without a valid token); null: no rate limit */
  rateLimit: { perMinute: number; burst: number } | null;
  websocket: {
    /** largest graphql-ws message; a bigger frame closes the socket with 1009 */
    maxPayloadBytes: number;
    /** active subscriptions on one connection */
    maxSubscriptions: number;
    /** how long a new socket may take to send connection_init */
    initTimeoutMs: number;
    /** events of the log one subscription's `after` replay may read */
    replayLimit: number;
  };
}

const extra = z.object({
  SUPERGRAPH_PATH: z.string().min(1).default('supergraph.graphql'),
  SUBGRAPH_TIMEOUT_MS: z.coerce.number().int().positive().default(3000),
  // a page of a monthly table (up to 2,000 people, every department's columns) is work, not a lookup
  REPORT_SUBGRAPH_TIMEOUT_MS: z.coerce.number().int().positive().default(60000),
  EVENT_POLL_MS: z.coerce.number().int().positive().default(500),
});

const limits = z.object({
  NODE_ENV: z.string().optional(),
  QUERY_MAX_DEPTH: z.coerce.number().int().positive().default(12),
  QUERY_MAX_ALIASES: z.coerce.number().int().min(0).default(30),
  QUERY_MAX_DIRECTIVES: z.coerce.number().int().min(0).default(20),
  QUERY_MAX_TOKENS: z.coerce.number().int().positive().default(3000),
  QUERY_MAX_COST: z.coerce.number().positive().default(2500),
  MAX_BODY_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(256 * 1024),
  // unset: 600 a minute, and off under NODE_ENV=test (the suites send many requests as one user)
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(0).optional(),
  RATE_LIMIT_BURST: z.coerce.number().int().positive().optional(),
  WS_MAX_PAYLOAD_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(64 * 1024),
  WS_MAX_SUBSCRIPTIONS: z.coerce.number().int().positive().default(20),
  WS_INIT_TIMEOUT_MS: z.coerce.number().int().positive().default(3000),
  SUBSCRIPTION_REPLAY_LIMIT: z.coerce.number().int().positive().default(1000),
});

export function loadGatewayConfig(env: Env): GatewayConfig {
  const common = parseEnv(commonSchema, env, 'gateway');
  const own = parseEnv(extra, env, 'gateway');
  if (common.AUTH_MODE === 'jwks' && !common.JWKS_URL && !common.JWKS_FILE)
    throw new ConfigError(
      'gateway: invalid configuration\n  JWKS_URL: set JWKS_URL or JWKS_FILE (the identity provider keys), or AUTH_MODE=development for local use',
    );
  return {
    ...common,
    port: gatewayPort(env),
    supergraphPath: path.resolve(own.SUPERGRAPH_PATH),
    subgraphUrls: subgraphUrls(env),
    subgraphTimeoutMs: own.SUBGRAPH_TIMEOUT_MS,
    reportSubgraphTimeoutMs: own.REPORT_SUBGRAPH_TIMEOUT_MS,
    eventPollMs: own.EVENT_POLL_MS,
    limits: loadGatewayLimits(env),
  };
}

/** The abuse limits alone (README "Abuse limits"): they do not depend on the identity settings. */
export function loadGatewayLimits(env: Env): GatewayLimits {
  const own = parseEnv(limits, env, 'gateway');
  const perMinute = own.RATE_LIMIT_PER_MINUTE ?? (own.NODE_ENV === 'test' ? 0 : 600);
  return {
    operation: {
      depth: own.QUERY_MAX_DEPTH,
      aliases: own.QUERY_MAX_ALIASES,
      directives: own.QUERY_MAX_DIRECTIVES,
      tokens: own.QUERY_MAX_TOKENS,
      cost: own.QUERY_MAX_COST,
    },
    maxBodyBytes: own.MAX_BODY_BYTES,
    rateLimit: perMinute
      ? { perMinute, burst: own.RATE_LIMIT_BURST ?? Math.max(1, Math.ceil(perMinute / 5)) }
      : null,
    websocket: {
      maxPayloadBytes: own.WS_MAX_PAYLOAD_BYTES,
      maxSubscriptions: own.WS_MAX_SUBSCRIPTIONS,
      initTimeoutMs: own.WS_INIT_TIMEOUT_MS,
      replayLimit: own.SUBSCRIPTION_REPLAY_LIMIT,
    },
  };
}
