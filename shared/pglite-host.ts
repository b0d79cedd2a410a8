/**
 * `npm start`'s embedded databases: the five departments' PGlite instances in the supervisor's
 * process, one worker thread each, each served on a loopback port (shared/pglite-server.ts). The
 * departments connect as they would to a server (`<DEPT>_PGLITE_URL`) and load no WebAssembly.
 *
 * Why one process: PostgreSQL's WebAssembly (9 MB) is compiled once here and sent to the workers,
 * which share its machine code. In five department processes it was compiled five times, and
 * opening PGlite was ~2.7 s of CPU in each (13 s of a restart's 32 s on two cores); here the five
 * open in ~3.7 s of CPU together. The threads keep each department's SQL on a core of its own, as
 * the processes did. A department that dies and is restarted finds its database still open.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { Worker } from 'node:worker_threads';

/** the thread's code: shared/pglite-worker.ts, compiled or not as this file is */
const WORKER = path.join(__dirname, `pglite-worker${path.extname(__filename)}`);

/** connections an embedded database takes above its department's pool: room for a reconnect while an old socket closes */
export const EMBEDDED_SPARE_CONNECTIONS = 3;

export interface HostedDatabases {
  stop(): Promise<void>;
}

export interface HostedDatabase {
  dataDir: string;
  /** the loopback port to serve it on (chosen beforehand, so its department can start meanwhile) */
  port: number;
}

/** what a department connects to for a database served on `port` */
export function hostedUrl(port: number): string {
  return `postgres://postgres:postgres@127.0.0.1:${port}/postgres`;
}

export interface WorkerInput extends HostedDatabase {
  maxConnections: number;
  wasmModule: WebAssembly.Module;
}

/** a thread's one message: serving, or why not (it stops by exiting) */
export type WorkerMessage = { ready: true } | { failed: string };

/**
 * Opens each data directory (initialised, or once `directories` are) in a worker thread and serves
 * it on its port to one connection (and spares). `onFailure` hears of a thread that fails after it
 * was ready.
 */
export async function hostPGlite(
  databases: HostedDatabase[],
  onFailure: (message: string) => void,
  /** the directories being made (a first start): the WebAssembly is compiled meanwhile */
  directories: Promise<unknown> = Promise.resolve(),
): Promise<HostedDatabases> {
  const maxConnections = 1 + EMBEDDED_SPARE_CONNECTIONS;
  const wasm = path.join(path.dirname(require.resolve('@electric-sql/pglite')), 'pglite.wasm');
  // PostgreSQL's functions stay in V8's baseline code (Liftoff), never recompiled by the optimising
  // tier in the background: that recompiling was ~2.5 s of CPU in a first start (2 cores) and
  // measurably none faster per statement afterwards (README, "Embedded mode"). This process runs
  // no other WebAssembly.
  setFlagsFromString('--liftoff-only');
  const [wasmModule] = await Promise.all([WebAssembly.compile(readFileSync(wasm)), directories]);
  const workers: Worker[] = [];
  let stopping = false;
  const stop = async () => {
    stopping = true;
    await Promise.all(workers.map((w) => stopWorker(w)));
  };
  try {
    await Promise.all(
      databases.map(async ({ dataDir, port }) => {
        const workerData: WorkerInput = { dataDir, port, maxConnections, wasmModule };
        // from the sources (tsx, tests), the thread registers the TypeScript loader itself
        const worker = WORKER.endsWith('.ts')
          ? new Worker(`require('tsx/cjs'); require(${JSON.stringify(WORKER)});`, { eval: true, workerData })
          : new Worker(WORKER, { workerData });
        workers.push(worker);
        await new Promise<void>((resolve, reject) => {
          worker.once('message', (m: WorkerMessage) =>
            'ready' in m ? resolve() : reject(new Error(`${dataDir}: ${m.failed}`)),
          );
          worker.once('error', reject);
          worker.once('exit', (code) =>
            reject(new Error(`${dataDir}: the database's thread exited (${code})`)),
          );
        });
        worker.on('error', (e) => onFailure(`${dataDir}: ${e.message}`));
        worker.on('exit', (code) => {
          if (!stopping) onFailure(`${dataDir}: the database's thread exited (${code})`);
        });
      }),
    );
    return { stop };
  } catch (e) {
    await stop();
    throw e;
  }
}

/** asks the worker to close its database (a checkpoint, as a server's shutdown) and waits for it */
function stopWorker(worker: Worker): Promise<void> {
  return new Promise((resolve) => {
    if (worker.threadId === -1) return resolve();
    const timer = setTimeout(() => void worker.terminate(), 10_000);
    worker.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    worker.postMessage('stop');
  });
}
