import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { configureLogging, log } from '../../shared/logging';
import { readSecretFiles } from '../../shared/secrets';
import { onTerminationSignal } from '../../shared/shutdown';
import { GatewayConfig, loadGatewayConfig } from './config';
import { createGatewayServer } from './server';

async function main() {
  let config: GatewayConfig;
  try {
    config = loadGatewayConfig(readSecretFiles(process.env));
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n`);
    process.exit(2);
  }
  configureLogging('gateway', config.LOG_LEVEL, config.NODE_ENV === 'production');
  const server = createGatewayServer(config, readFileSync(config.supergraphPath, 'utf8'));
  const { url } = await server.listen(config.port, config.HOST);
  log.info(`ready at ${url}`);
  onTerminationSignal(
    () => server.close().catch((e) => log.error('close failed', { error: String(e) })),
    config.SHUTDOWN_DELAY_MS,
  );
}

void main();
