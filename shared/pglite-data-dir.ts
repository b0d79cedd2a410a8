/**
 * Creating embedded PostgreSQL (PGlite) data directories. Only Node built-ins here: `npm start`'s
 * supervisor prepares the five directories before it starts the departments and should not load
 * PGlite, TypeORM or pg for that.
 */
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

export function isDataDir(dir: string): boolean {
  return existsSync(path.join(dir, 'PG_VERSION'));
}

/**
 * Creates a new PGlite data directory in a short-lived child process: initdb runs a second
 * WebAssembly instance whose memory (~450 MB, ~850 MB at its peak) would otherwise stay in the
 * department's process for its whole life. Opening an existing directory needs none of it.
 */
export async function initialiseDataDir(dataDir: string): Promise<void> {
  if (isDataDir(dataDir)) return;
  mkdirSync(dataDir, { recursive: true });
  await promisify(execFile)(
    process.execPath,
    [
      '-e',
      `require('@electric-sql/pglite').PGlite.create(process.argv[1]).then((db) => db.close()).catch((e) => { console.error(e); process.exit(1); })`,
      dataDir,
    ],
    { cwd: __dirname },
  );
}

/**
 * Creates the missing ones of several data directories with one initdb: the first is created, the
 * others are copies of it (an empty cluster, before any migration). initdb costs ~4 s of CPU each;
 * five at once were a third of a first `npm start`'s CPU. A directory that exists with something
 * other than a cluster in it is left to its department (which runs initdb there as before).
 */
export async function initialiseDataDirs(dataDirs: string[]): Promise<void> {
  const missing = dataDirs.filter((dir) => !isDataDir(dir));
  if (!missing.length) return;
  await initialiseDataDir(missing[0]);
  for (const dir of missing.slice(1)) {
    if (existsSync(dir) && readdirSync(dir).length) continue;
    cpSync(missing[0], dir, { recursive: true });
  }
}
