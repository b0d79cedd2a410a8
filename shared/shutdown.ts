/**
 * Graceful shutdown on SIGTERM (an orchestrator's stop) and SIGINT (Ctrl-C), for the gateway and
 * every subgraph: the server stops accepting connections and lets in-flight requests finish (Apollo's
 * drain plugin, up to 10 s), WebSockets close with 1001 so graphql-ws clients reconnect elsewhere,
 * background work makes its last pass, the database closes, and the process exits 0.
 */
import { log } from './logging';

/** past this, a stop that hangs exits 1 rather than keep an orchestrator waiting for its SIGKILL */
const STOP_DEADLINE_MS = 20_000;

export function onTerminationSignal(stop: () => Promise<void>): void {
  let stopping = false;
  const handle = async (signal: string) => {
    // a second signal while draining is ignored: the deadline below bounds the wait
    if (stopping) return;
    stopping = true;
    const started = Date.now();
    log.info(`${signal}: stopping; in-flight requests have up to 10 s`);
    setTimeout(() => {
      log.error(`not stopped after ${STOP_DEADLINE_MS / 1000} s; exiting`);
      process.exit(1);
    }, STOP_DEADLINE_MS).unref();
    await stop();
    log.info(`drained and stopped in ${Date.now() - started} ms`);
    process.exit(0);
  };
  process.on('SIGINT', () => void handle('SIGINT'));
  process.on('SIGTERM', () => void handle('SIGTERM'));
}
