/**
 * Builds the pages (web/static + web/src) into dist/pages with esbuild: one ES module per page with
 * everything it imports bundled (chart.js and graphql-ws tree-shaken, the ID-number rules from
 * shared/), minified, nothing loaded from anywhere else at run time. `npm run build:pages` and
 * `npm ci` (prepare) call it; the gateway calls `ensurePages` before serving, so a checkout whose
 * sources changed since the last build never serves stale or missing pages.
 */
import { randomUUID } from 'node:crypto';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';

/** the repository (or image) root: the nearest package.json above this file, compiled (dist/web) or not */
function projectRoot(dir: string): string {
  for (let d = dir; ; d = path.dirname(d)) {
    if (existsSync(path.join(d, 'package.json'))) return d;
    if (path.dirname(d) === d) throw new Error(`no package.json above ${dir}`);
  }
}
const ROOT = projectRoot(__dirname);
const WEB_DIR = path.join(ROOT, 'web');
const STATIC_DIR = path.join(WEB_DIR, 'static');
export const PAGES_DIR = path.join(ROOT, 'dist', 'pages');
const MANIFEST = path.join(PAGES_DIR, 'build.json');
const ENTRIES = ['window', 'dashboard'];

interface Manifest {
  /** every file the build read, relative to the repository */
  inputs: string[];
}

/** Builds into a fresh directory, then moves each file into place: concurrent builders never see half a file. */
export async function buildPages(): Promise<{ files: string[] }> {
  const result = await build({
    entryPoints: ENTRIES.map((name) => path.join(WEB_DIR, 'src', `${name}.ts`)),
    outdir: PAGES_DIR,
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: ['chrome110', 'firefox110', 'safari16'],
    minify: true,
    sourcemap: 'linked',
    legalComments: 'linked',
    metafile: true,
    write: false,
    absWorkingDir: ROOT,
    tsconfig: path.join(WEB_DIR, 'tsconfig.json'),
    logLevel: 'warning',
  });
  const staging = path.join(ROOT, 'dist', `.pages-${randomUUID()}`);
  mkdirSync(staging, { recursive: true });
  const files: string[] = [];
  try {
    for (const file of result.outputFiles) {
      writeFileSync(path.join(staging, path.basename(file.path)), file.contents);
      files.push(path.basename(file.path));
    }
    for (const name of readdirSync(STATIC_DIR)) {
      copyFileSync(path.join(STATIC_DIR, name), path.join(staging, name));
      files.push(name);
    }
    const inputs = [
      ...Object.keys(result.metafile.inputs),
      ...readdirSync(STATIC_DIR).map((name) => path.relative(ROOT, path.join(STATIC_DIR, name))),
      path.relative(ROOT, __filename),
    ];
    writeFileSync(path.join(staging, 'build.json'), JSON.stringify({ inputs } satisfies Manifest, null, 1));
    mkdirSync(PAGES_DIR, { recursive: true });
    // the manifest last: until it is in place, the build counts as not done
    for (const name of [...files, 'build.json'])
      renameSync(path.join(staging, name), path.join(PAGES_DIR, name));
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  return { files };
}

/** Whether dist/pages holds a build newer than every file it was built from (and every static file now). */
export function pagesUpToDate(): boolean {
  let builtAt: number;
  let manifest: Manifest;
  try {
    builtAt = statSync(MANIFEST).mtimeMs;
    manifest = JSON.parse(readFileSync(MANIFEST, 'utf8')) as Manifest;
  } catch {
    return false;
  }
  const sources = new Set([
    ...manifest.inputs.map((input) => path.join(ROOT, input)),
    ...readdirSync(STATIC_DIR).map((name) => path.join(STATIC_DIR, name)),
    ...readdirSync(path.join(WEB_DIR, 'src')).map((name) => path.join(WEB_DIR, 'src', name)),
  ]);
  for (const source of sources) {
    try {
      if (statSync(source).mtimeMs > builtAt) return false;
    } catch {
      // a source gone since the build: build again
      return false;
    }
  }
  return true;
}

let building: Promise<void> | null = null;

/** Builds the pages when they are missing or older than their sources (once at a time in this process). */
export function ensurePages(): Promise<void> {
  building ??= (async () => {
    if (!pagesUpToDate()) await buildPages();
  })().finally(() => {
    building = null;
  });
  return building;
}
