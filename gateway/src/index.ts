import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { configureLogging, log } from '../../shared/logging';
import { collectStartUpGarbage } from '../../shared/memory';
import { readSecretFiles } from '../../shared/secrets';
import { onTerminationSignal } from '../../shared/shutdown';
import { loadTracingConfig, startTracing } from '../../shared/tracing';
import { GatewayConfig, loadGatewayConfig } from './config';

async function main() {
  let config: GatewayConfig;
  let tracing: ReturnType<typeof startTracing>;
  try {
    const env = readSecretFiles(process.env);
    config = loadGatewayConfig(env);
    tracing = startTracing(loadTracingConfig('gateway', env));
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n`);
    process.exit(2);
  }
  configureLogging('gateway', config.LOG_LEVEL, config.NODE_ENV === 'production');
  // loaded once tracing has started: @apollo/gateway takes its tracer as it loads, from its own copy
  // of @opentelemetry/api, which only reaches a tracer provider registered before that
  const { createGatewayServer } = await import('./server.js');
  const server = createGatewayServer(config, readFileSync(config.supergraphPath, 'utf8'));
  const { url } = await server.listen(config.port, config.HOST);
  log.info(`ready at ${url}`);
  collectStartUpGarbage();
  onTerminationSignal(async () => {
    await server.close().catch((e) => log.error('close failed', { error: String(e) }));
    await tracing?.shutdown().catch((e) => log.error('trace export failed', { error: String(e) }));
  }, config.SHUTDOWN_DELAY_MS);
}

void main();
