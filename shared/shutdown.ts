/**
 * Graceful shutdown on SIGTERM (an orchestrator's stop) and SIGINT (Ctrl-C), for the gateway and
 * every subgraph: the server stops accepting connections and lets in-flight requests finish (Apollo's
 * drain plugin, up to 10 s), WebSockets close with 1001 so graphql-ws clients reconnect elsewhere,
 * background work makes its last pass, the database closes, and the process exits 0.
 */
import { log } from './logging';

/** past this, a stop that hangs exits 1 rather than keep an orchestrator waiting for its SIGKILL */
const STOP_DEADLINE_MS = 20_000;

let draining = false;

/** Whether the process got its stop signal: `/readyz` answers 503 from then on. */
export function isDraining(): boolean {
  return draining;
}

/**
 * `delayMs`: how long the process goes on serving after the signal before it stops accepting
 * connections (`SHUTDOWN_DELAY_MS`). A request already on its way when the signal arrives — sent,
 * not yet read — would otherwise meet a closed connection; during the delay `/readyz` says 503, so
 * the gateway's readiness and an orchestrator stop sending new work here.
 */
export function onTerminationSignal(stop: () => Promise<void>, delayMs = 0): void {
  let stopping = false;
  const handle = async (signal: string) => {
    // a second signal while draining is ignored: the deadline below bounds the wait
    if (stopping) return;
    stopping = true;
    draining = true;
    const started = Date.now();
    log.info(`${signal}: stopping; in-flight requests have up to 10 s`);
    setTimeout(() => {
      log.error(`not stopped after ${STOP_DEADLINE_MS / 1000} s; exiting`);
      process.exit(1);
    }, STOP_DEADLINE_MS).unref();
    if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
    await stop();
    log.info(`drained and stopped in ${Date.now() - started} ms`);
    process.exit(0);
  };
  process.on('SIGINT', () => void handle('SIGINT'));
  process.on('SIGTERM', () => void handle('SIGTERM'));
}
