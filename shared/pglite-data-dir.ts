/**
 * Creating embedded PostgreSQL (PGlite) data directories. Only Node built-ins here: `npm start`'s
 * supervisor prepares the five directories before it starts the departments and should not load
 * PGlite, TypeORM or pg for that.
 */
import { execFile } from 'node:child_process';
import { cp } from 'node:fs/promises';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync } from 'node:fs';
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
 * Where the empty cluster of this PGlite version is kept once made (node_modules/.cache, made again
 * by each `npm ci`): a first start copies it instead of running initdb among six processes loading
 * their code, where initdb took ~9.5 s of a first start's wall time on 2 cores.
 */
export function clusterTemplateDir(): string {
  const root = path.resolve(path.dirname(require.resolve('@electric-sql/pglite')), '..');
  const { version } = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
    version: string;
  };
  return path.resolve(root, '..', '..', '.cache', 'social-assistance', `pglite-${version}-cluster`);
}

/**
 * Makes the empty cluster at `template` unless it is there: `npm ci` does it once (the `prepare`
 * script, scripts/prepare-cluster.ts), as a distribution's PostgreSQL package runs initdb at install.
 * Made beside it and renamed into place, so a cluster half made is never taken for one.
 */
export async function prepareClusterTemplate(template = clusterTemplateDir()): Promise<string> {
  if (isDataDir(template)) return template;
  const building = `${template}.${process.pid}.tmp`;
  rmSync(building, { recursive: true, force: true });
  try {
    await initialiseDataDir(building);
    mkdirSync(path.dirname(template), { recursive: true });
    renameSync(building, template);
  } catch (e) {
    // another start may have put its own there meanwhile
    if (!isDataDir(template)) throw e;
  } finally {
    rmSync(building, { recursive: true, force: true });
  }
  return template;
}

/**
 * Creates the missing ones of several data directories as copies of the empty cluster (made now if
 * `npm ci` did not). initdb costs ~4 s of CPU each; five were a third of a first `npm start`'s CPU.
 * When the template cannot be written (node_modules read-only), the first is made by initdb and the
 * others copy it. A directory that exists with something other than a cluster in it is left to its
 * department (which runs initdb there as before).
 */
export async function initialiseDataDirs(dataDirs: string[], template = clusterTemplateDir()): Promise<void> {
  const missing = dataDirs.filter((dir) => !isDataDir(dir));
  if (!missing.length) return;
  const source = await prepareClusterTemplate(template).catch(async () => {
    await initialiseDataDir(missing[0]);
    return missing[0];
  });
  await Promise.all(
    missing
      .filter((dir) => dir !== source && !(existsSync(dir) && readdirSync(dir).length))
      .map((dir) => copyDir(source, dir)),
  );
}

/**
 * Copies a cluster (~1,000 files, 39 MB) with the system's `cp`, in a process of its own: Node 20's
 * `fs.cp` is JavaScript making several calls per file, ~0.6 s of the main thread per cluster on a
 * first start (2.3 s for four, profiled), where `cp` takes ~0.08 s. Windows has no `cp`: `fs.cp` there.
 */
async function copyDir(from: string, to: string): Promise<void> {
  if (process.platform === 'win32') return cp(from, to, { recursive: true });
  mkdirSync(to, { recursive: true });
  await promisify(execFile)('cp', ['-R', `${from}/.`, to]);
}
