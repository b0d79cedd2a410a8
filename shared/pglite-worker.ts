/**
 * One embedded database's thread under `npm start` (shared/pglite-host.ts): opens the directory with
 * the WebAssembly the host compiled, serves it on the port it was given, and closes it when asked.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { WorkerInput, WorkerMessage } from './pglite-host';
import { servePGlite } from './pglite-server';

async function serveInWorker() {
  const input = workerData as WorkerInput;
  const port = parentPort!;
  try {
    const served = await servePGlite(input.dataDir, input.maxConnections, input.wasmModule, input.port);
    port.on('message', (message) => {
      if (message !== 'stop') return;
      void served.stop().finally(() => port.close());
    });
    port.postMessage({ ready: true } satisfies WorkerMessage);
  } catch (e) {
    port.postMessage({ failed: (e as Error).message } satisfies WorkerMessage);
    port.close();
  }
}

void serveInWorker();
