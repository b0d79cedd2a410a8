/**
 * One embedded PostgreSQL (PGlite) served on a loopback port over the PostgreSQL wire protocol, so
 * that a department reaches it with the same `pg` driver and SQL as a real server. A department
 * opens its own when it runs alone (tests, one subgraph); `npm start` serves all five from its
 * supervisor (shared/pglite-host.ts).
 */
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

/**
 * PGlite's start-up settings: its own defaults (single-user, no parallel workers) with smaller
 * buffers. The defaults size a server (shared_buffers 128 MB, maintenance_work_mem 64 MB), and in
 * WebAssembly memory that is touched is never given back: with five departments on one laptop that
 * was most of `npm start`'s memory. A department's working set is a few MB of pages.
 */
export const PGLITE_START_PARAMS = [
  ...(PGlite as unknown as { defaultStartParams: string[] }).defaultStartParams,
  ...['shared_buffers=16MB', 'maintenance_work_mem=16MB', 'temp_buffers=2MB', 'wal_buffers=1MB'].flatMap(
    (setting) => ['-c', setting],
  ),
];

export interface ServedPGlite {
  url: string;
  port: number;
  stop(): Promise<void>;
}

/**
 * Opens PGlite (a directory, or memory) and serves it on a loopback port to `maxConnections`.
 * `wasmModule` is PostgreSQL's WebAssembly already compiled (shared between instances).
 */
export async function servePGlite(
  dataDir: string | null,
  maxConnections: number,
  wasmModule?: WebAssembly.Module,
  port = 0,
): Promise<ServedPGlite> {
  const db = await PGlite.create(dataDir ?? undefined, {
    startParams: PGLITE_START_PARAMS,
    ...(wasmModule ? { pgliteWasmModule: wasmModule } : {}),
  });
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port, maxConnections });
  try {
    await server.start();
  } catch (e) {
    await db.close();
    throw e;
  }
  const served = Number(server.getServerConn().split(':').pop());
  return {
    url: `postgres://postgres:postgres@127.0.0.1:${served}/postgres`,
    port: served,
    async stop() {
      await server.stop();
      await db.close();
    },
  };
}
