/**
 * Opens a department's database: a real PostgreSQL server, or an embedded PGlite served over the
 * PostgreSQL wire protocol on a loopback port (so both paths use the same `pg` driver and SQL).
 * Migrations run at start-up; `synchronize` is never used.
 */
import net from 'node:net';
import { Client } from 'pg';
import { DataSource, Logger } from 'typeorm';
import type { DatabaseTarget } from './config';
import { log } from './logging';
import { initialiseDataDir, initialiseDataDirs } from './pglite-data-dir';
import { EMBEDDED_SPARE_CONNECTIONS } from './pglite-host';
import { ServedPGlite, servePGlite } from './pglite-server';

/** An entity or migration class. */
export type Constructor = new (...args: any[]) => unknown;

/** how long a request waits for a connection to the database before it fails (SERVICE_UNAVAILABLE) */
const CONNECT_TIMEOUT_MS = 5000;

export interface QueryObserver {
  (sql: string): void;
}

/** Forwards each SQL statement to the observers (query counting in tests, LOG_SQL in development). */
class ObservingLogger implements Logger {
  constructor(private readonly observers: Set<QueryObserver>) {}
  logQuery(query: string) {
    for (const o of this.observers) o(query);
  }
  logQueryError(error: string | Error, query: string) {
    log.debug('sql error', { error: String(error), query: query.slice(0, 500) });
  }
  logQuerySlow(time: number, query: string) {
    log.warn('slow sql', { ms: time, query: query.slice(0, 500) });
  }
  logSchemaBuild() {}
  logMigration(message: string) {
    log.info(message);
  }
  log(level: 'log' | 'info' | 'warn', message: unknown) {
    if (level === 'warn') log.warn(String(message));
  }
}

export interface DatabaseOptions {
  target: DatabaseTarget;
  name: string;
  entities: Constructor[];
  migrations: Constructor[];
  poolSize?: number;
}

export interface PoolStats {
  total: number;
  idle: number;
  waiting: number;
  max: number;
}

export interface Database {
  dataSource: DataSource;
  /** the connection pool's connections now (PGlite too: its pool holds the one connection) */
  pool(): PoolStats;
  /** Adds an observer of every SQL statement; returns the function that removes it. */
  observe(observer: QueryObserver): () => void;
  description: string;
  close(): Promise<void>;
}

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  // PGlite is one PostgreSQL session: statements of two connections would share its unnamed
  // prepared statement and portal ("portal does not exist" under concurrency), so the embedded
  // database gets one connection and requests take turns; a real server gets a pool.
  const poolSize = options.target.kind === 'pglite' ? 1 : (options.poolSize ?? 8);
  const observers = new Set<QueryObserver>();
  let url: string;
  let description: string;
  let embedded: ServedPGlite | undefined;

  if (options.target.kind === 'postgres') {
    url = options.target.url;
    await ensureDatabaseExists(url);
    description = `postgres ${redact(url)}`;
  } else if (options.target.served) {
    // npm start serves the five from its own process (shared/pglite-host.ts), opening them while the
    // departments load: wait until this one answers
    url = options.target.served;
    await waitForServer(url, SERVED_WAIT_MS);
    description = `embedded PGlite at ${options.target.dataDir}, served by npm start`;
  } else {
    const { dataDir } = options.target;
    if (dataDir) {
      // a copy of the empty cluster npm ci made; initdb here only for a directory that has
      // something else in it
      await initialiseDataDirs([dataDir]);
      await initialiseDataDir(dataDir);
    }
    embedded = await servePGlite(dataDir, poolSize + EMBEDDED_SPARE_CONNECTIONS);
    url = embedded.url;
    description = dataDir ? `embedded PGlite at ${dataDir}` : 'embedded PGlite in memory';
  }

  const createDataSource = (url: string) =>
    new DataSource({
      type: 'postgres',
      url,
      entities: options.entities,
      migrations: options.migrations,
      migrationsTransactionMode: 'each',
      synchronize: false,
      logging: ['query', 'error', 'warn', 'migration'],
      logger: new ObservingLogger(observers),
      maxQueryExecutionTime: 1000,
      // a server that is down refuses at once; one that does not answer is given up after this. Not for
      // PGlite: its one connection is taken in turns, and a wait for it is not a fault
      extra: {
        max: poolSize,
        ...(options.target.kind === 'postgres' ? { connectionTimeoutMillis: CONNECT_TIMEOUT_MS } : {}),
      },
    });
  let dataSource = createDataSource(url);
  try {
    await dataSource.initialize();
    const ran = await dataSource.runMigrations({ transaction: 'each' });
    // WebAssembly memory only grows: what the migrations touched (civil affairs' division table
    // goes through PostgreSQL's memory 20,000 rows at a time) would stay resident for the process's
    // life. A fresh instance over the same directory holds only what a restart holds.
    if (ran.length && embedded && options.target.kind === 'pglite' && options.target.dataDir) {
      await dataSource.destroy();
      await embedded.stop();
      embedded = undefined;
      embedded = await servePGlite(options.target.dataDir, poolSize + EMBEDDED_SPARE_CONNECTIONS);
      dataSource = createDataSource(embedded.url);
      await dataSource.initialize();
    }
  } catch (e) {
    if (dataSource.isInitialized) await dataSource.destroy();
    await embedded?.stop();
    throw e;
  }
  return {
    dataSource,
    description,
    pool() {
      // TypeORM's postgres driver keeps node-postgres' Pool as `master`
      const pool = (dataSource.driver as { master?: Partial<Record<string, number>> }).master;
      return {
        total: pool?.totalCount ?? 0,
        idle: pool?.idleCount ?? 0,
        waiting: pool?.waitingCount ?? 0,
        max: poolSize,
      };
    },
    observe(observer) {
      observers.add(observer);
      return () => observers.delete(observer);
    },
    async close() {
      if (dataSource.isInitialized) await dataSource.destroy();
      await embedded?.stop();
    },
  };
}

/** how long a department waits for `npm start` to serve its database (a first start's initdb on a slow machine) */
const SERVED_WAIT_MS = 120_000;

/** resolves once something accepts connections at the URL's host and port; rejects after `timeoutMs` */
async function waitForServer(url: string, timeoutMs: number): Promise<void> {
  const { hostname, port } = new URL(url);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const accepted = await new Promise<boolean>((resolve) => {
      const socket = net.connect(Number(port), hostname);
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (accepted) return;
    if (Date.now() > deadline)
      throw new Error(`no database answered at ${hostname}:${port} within ${timeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Creates the department's database on the server when it is missing (needs CREATEDB). */
export async function ensureDatabaseExists(url: string): Promise<void> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.slice(1));
  const maintenance = new URL(url);
  maintenance.pathname = '/postgres';
  const client = new Client({ connectionString: maintenance.toString() });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount === 0) {
      await client.query(`CREATE DATABASE "${name.replaceAll('"', '""')}"`).catch((e) => {
        if (e.code !== '42P04') throw e; // created meanwhile by another process
      });
    }
  } finally {
    await client.end();
  }
}

export function redact(url: string): string {
  const u = new URL(url);
  if (u.password) u.password = '***';
  return u.toString();
}

/**
 * Runs an UPDATE … RETURNING and gives its rows. TypeORM answers UPDATE and DELETE with
 * `[rows, rowCount]` rather than the rows, so `result.length` would always be 2; optimistic
 * version checks must count the rows.
 */
export async function updateReturning(
  runner: { query(sql: string, params?: unknown[]): Promise<any> },
  sql: string,
  params: unknown[],
): Promise<any[]> {
  const result = await runner.query(sql, params);
  return Array.isArray(result) &&
    result.length === 2 &&
    Array.isArray(result[0]) &&
    typeof result[1] === 'number'
    ? result[0]
    : result;
}
