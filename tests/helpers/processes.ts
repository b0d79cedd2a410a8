/**
 * End-to-end harness: the six real processes on free ports, each department on its own database
 * (a temporary PGlite directory, or a fresh database on the DATABASE_URL server), as `npm start`
 * would run them but without demo data.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEVELOPMENT_AUTH, type DatabaseTarget, type Env } from '../../shared/config';
import { DEPARTMENTS } from '../../shared/departments';
import {
  RunningSystem,
  freePorts,
  processSpecs,
  startProcesses,
  waitUntilReady,
} from '../../scripts/processes';
import { dropTestDatabase, serverUrl, testDatabaseTarget } from './databases';

export { freePorts };

export interface Platform {
  gatewayUrl: string;
  env: Env;
  system: RunningSystem;
  /** everything the processes printed, for failure messages */
  output: string[];
  stop(): Promise<void>;
}

/** Port and database settings for a fresh platform on free ports. */
export interface PlatformOptions {
  embedded?: boolean;
  env?: Env;
  /** the PostgreSQL server the departments' databases are made on; DATABASE_URL's by default */
  databaseServer?: string;
}

export async function platformEnv(
  options: PlatformOptions = {},
): Promise<{ env: Env; cleanup: () => Promise<void> }> {
  const ports = await freePorts(DEPARTMENTS.length + 1);
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'sa-e2e-'));
  const env: Env = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: 'test',
    ...DEVELOPMENT_AUTH,
    LOG_LEVEL: 'warn',
    DATA_DIR: dataDir,
    GATEWAY_PORT: String(ports[0]),
    ...options.env,
  };
  const targets: DatabaseTarget[] = [];
  DEPARTMENTS.forEach((d, i) => {
    env[`${d.envPrefix}_PORT`] = String(ports[i + 1]);
    const server = options.databaseServer ?? serverUrl;
    if (server && !options.embedded) {
      const target = testDatabaseTarget(d.department, undefined, server);
      targets.push(target);
      env[`${d.envPrefix}_DATABASE_URL`] = (target as { url: string }).url;
    }
  });
  return {
    env,
    cleanup: async () => {
      for (const t of targets) await dropTestDatabase(t);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export async function startPlatform(options: PlatformOptions = {}): Promise<Platform> {
  const { env, cleanup } = await platformEnv(options);
  const specs = processSpecs(env);
  const output: string[] = [];
  const system = startProcesses(specs, env, (name, line) => output.push(`${name}: ${line}`));
  try {
    await waitUntilReady(specs, 150_000, undefined, system.exited);
  } catch (e) {
    await system.stop();
    await cleanup();
    throw new Error(`${(e as Error).message}\n${output.join('\n')}`);
  }
  return {
    gatewayUrl: `http://127.0.0.1:${env.GATEWAY_PORT}/graphql`,
    env,
    system,
    output,
    async stop() {
      await system.stop();
      await cleanup();
    },
  };
}
