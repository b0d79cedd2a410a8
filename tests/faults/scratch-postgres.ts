/**
 * A PostgreSQL server of the fault suite's own, from Debian's binaries (initdb + pg_ctl into a
 * temporary directory, on a free port), so that stopping it touches no other test's databases and
 * never the shared server on 5432. Run as the postgres user when the tests run as root.
 */
import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePorts } from '../helpers/processes';

function binaries(): string {
  const root = '/usr/lib/postgresql';
  const version = existsSync(root)
    ? readdirSync(root)
        .sort((a, b) => Number(a) - Number(b))
        .pop()
    : undefined;
  if (!version) throw new Error(`no PostgreSQL binaries under ${root} (apt-get install postgresql)`);
  return path.join(root, version, 'bin');
}

export interface ScratchPostgres {
  /** postgres://… of its maintenance database */
  url: string;
  start(): void;
  /** `pg_ctl stop -m fast`: open sessions are ended (57P01), as a server restart does */
  stop(): void;
  destroy(): void;
}

export async function startScratchPostgres(): Promise<ScratchPostgres> {
  const bin = binaries();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'sa-pg-'));
  const data = path.join(dir, 'data');
  const [port] = await freePorts(1);
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }));
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }));
    chownSync(dir, uid, gid);
  }
  const run = (tool: string, args: string[]) =>
    execFileSync(
      asRoot ? 'runuser' : path.join(bin, tool),
      asRoot ? ['-u', 'postgres', '--', path.join(bin, tool), ...args] : args,
      { stdio: 'pipe', timeout: 60_000 },
    );
  run('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C', '--no-sync']);
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200`;
  const server: ScratchPostgres = {
    url: `postgres://postgres:postgres@127.0.0.1:${port}/postgres`,
    start: () => void run('pg_ctl', ['-D', data, '-o', options, '-l', path.join(dir, 'log'), '-w', 'start']),
    stop: () => void run('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']),
    destroy() {
      try {
        server.stop();
      } catch {
        // already stopped
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
  server.start();
  return server;
}
