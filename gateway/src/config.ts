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
  /** pause before the gateway asks the event log again after a failed long poll */
  eventPollMs: number;
}

const extra = z.object({
  SUPERGRAPH_PATH: z.string().min(1).default('supergraph.graphql'),
  SUBGRAPH_TIMEOUT_MS: z.coerce.number().int().positive().default(3000),
  EVENT_POLL_MS: z.coerce.number().int().positive().default(500),
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
    eventPollMs: own.EVENT_POLL_MS,
  };
}
