/**
 * npm start: the gateway and the five subgraphs as six processes, each department on its own
 * database (embedded PGlite under DATA_DIR, or PostgreSQL when DATABASE_URL is set), demo data on
 * first start, then the URLs and a sample token. A process that fails before everything is ready stops
 * them all (a port in use or a bad setting is reported, not retried); one that dies later is restarted.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { Role, signToken } from '../shared/auth';
import { DEVELOPMENT_AUTH, Env, commonSchema, databaseTarget, gatewayPort, parseEnv } from '../shared/config';
import { DEPARTMENTS, Department } from '../shared/departments';
import { initialiseDataDirs, isDataDir } from '../shared/pglite-data-dir';
import { HostedDatabases, hostPGlite, hostedUrl } from '../shared/pglite-host';
import { demoPresent } from './demo-probe';
import { RunningSystem, freePorts, processSpecs, startProcesses, waitUntilReady } from './processes';

let system: RunningSystem | undefined;
let databases: HostedDatabases | undefined;
let stopping = false;

async function shutdown(code: number) {
  if (stopping) return;
  stopping = true;
  await system?.stop();
  await databases?.stop();
  process.exit(code);
}

const COLORS = [36, 33, 35, 32, 34, 37];

async function main() {
  // npm start is the development setup: it chooses the development keys explicitly (never a default)
  // A smaller young generation (2 MB semi-spaces instead of 16 MB) in each of the seven processes:
  // about 30 MB less resident each, for a laptop; production (Docker) keeps Node's default. Each
  // collects its start-up garbage once when ready (shared/memory.ts), which needs `gc` exposed.
  // Two glibc malloc arenas instead of one per thread: ~15 MB less resident in each process.
  const env: Env = {
    NODE_ENV: 'development',
    MALLOC_ARENA_MAX: '2',
    ...process.env,
    ...DEVELOPMENT_AUTH,
    NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --max-semi-space-size=2 --expose-gc`.trim(),
  };
  const config = parseEnv(commonSchema, env, 'start');
  const started = Date.now();
  const specs = processSpecs(env);
  const target = databaseTarget(env, Department.CIVIL_AFFAIRS);
  console.log(
    target.kind === 'pglite'
      ? `starting 6 processes on embedded PostgreSQL (PGlite) under ${target.dataDir!.replace(/\/civil-affairs$/, '')}`
      : `starting 6 processes on PostgreSQL (${DEPARTMENTS.map((d) => d.database).join(', ')})`,
  );
  // Embedded: this process serves the five databases, each department connects to its own
  // (shared/pglite-host.ts). Their ports are chosen now, so the departments and the gateway load
  // their code meanwhile (a department waits for its database to answer). A first start copies the
  // five data directories from the empty cluster npm ci made (initdb runs here only without it).
  const embedded = DEPARTMENTS.flatMap((d) => {
    const t = databaseTarget(env, d.department);
    return t.kind === 'pglite' && t.dataDir ? [{ envPrefix: d.envPrefix, dataDir: t.dataDir }] : [];
  });
  // a civil affairs directory made now holds no demo: its loader starts at once, loading its code
  // and building its plan while the processes start, and is told the gateway's address when ready
  const civilTarget = databaseTarget(env, Department.CIVIL_AFFAIRS);
  const earlyLoader =
    civilTarget.kind === 'pglite' && civilTarget.dataDir && !isDataDir(civilTarget.dataDir)
      ? demoLoader(env)
      : undefined;
  const ports = await freePorts(embedded.length);
  const hosted = embedded.map((e, i) => ({ ...e, port: ports[i] }));
  for (const e of hosted) env[`${e.envPrefix}_PGLITE_URL`] = hostedUrl(e.port);
  const databasesReady = hosted.length
    ? hostPGlite(
        hosted,
        (message) => {
          if (stopping) return;
          console.error(`embedded database failed: ${message}; stopping`);
          void shutdown(1);
        },
        initialiseDataDirs(hosted.map((e) => e.dataDir)),
      ).then((served) => {
        databases = served;
      })
    : Promise.resolve();
  const color = new Map(specs.map((s, i) => [s.name, COLORS[i]]));
  const tty = process.stdout.isTTY;
  system = startProcesses(specs, env, (name, line) => {
    const tag = name.padEnd(13);
    const shown = line.replace(/^\[[a-z-]+\] /, '');
    console.log(tty ? `\x1b[${color.get(name)}m${tag}\x1b[0m ${shown}` : `${tag} ${shown}`);
  });

  process.on('SIGINT', () => void shutdown(0));
  process.on('SIGTERM', () => void shutdown(0));
  const running = system;
  void running.exited.then(({ name, code }) => {
    if (stopping) return;
    // only during the first start-up: after it, supervise() restarts a process that dies
    console.error(`${name} exited with code ${code}; stopping the others`);
    void shutdown(1);
  });

  await Promise.all([
    databasesReady.catch((e) => {
      throw new Error(`embedded databases: ${(e as Error).message}`);
    }),
    waitUntilReady(specs, 180_000, undefined, running.exited),
  ]);
  running.supervise((message) => console.error(message));
  const gatewayUrl = `http://localhost:${gatewayPort(env)}/graphql`;
  const loader = await signToken(
    { user: 'demo-loader', department: Department.CIVIL_AFFAIRS, role: Role.ADMIN, region: null },
    config,
    '1h',
  );
  // a restart asks the registry itself; the loader (a child that builds its whole plan) runs only
  // when the demo may be missing, and checks again
  const loopback = gatewayUrl.replace('localhost', '127.0.0.1');
  const loaded = earlyLoader
    ? await earlyLoader.load(loopback)
    : (await demoPresent(loopback, loader))
      ? null
      : await demoLoader(env).load(loopback);
  if (loaded) {
    console.log(
      `demo data loaded: ${loaded.subjects} subjects, ${loaded.disability} disability certificates, ` +
        `${loaded.medical} medical records, ${loaded.union} union members, ${loaded.resources} charity resources, ${loaded.matches} matches, ` +
        `${loaded.visits} past visits, ${loaded.discoveries} discoveries`,
    );
  } else {
    console.log('demo data already present');
  }
  const token = await signToken(
    { user: 'window-demo', department: Department.CIVIL_AFFAIRS, role: Role.WINDOW, region: '330381' },
    config,
  );
  const port = gatewayPort(env);
  console.log(`
ready in ${((Date.now() - started) / 1000).toFixed(1)} s
  gateway        ${gatewayUrl}        (queries, mutations; subscriptions on ws://localhost:${port}/graphql)
  health         http://localhost:${port}/healthz · readiness http://localhost:${port}/readyz
  pages          http://localhost:${port}/window · http://localhost:${port}/dashboard (paste a token to sign in)
${specs
  .filter((s) => s.name !== 'gateway')
  .map(
    (s) =>
      `  ${s.name.padEnd(14)} ${s.readyUrl.replace('/readyz', '/graphql').replace('127.0.0.1', 'localhost')}`,
  )
  .join('\n')}

sample token (CIVIL_AFFAIRS WINDOW, region 330381 瑞安市; 12 h):
  ${token}
more: npm run --silent token -- --department DISABILITY --role STAFF --region 330381

try:
  curl -s ${gatewayUrl} -H 'content-type: application/json' -H "authorization: Bearer <token>" \\
    -d '{"query":"{ subjectByIdNumber(idNumber: \\"33038119520315432X\\") { name tier disability { grade } medical { majorIllness } } }"}'

A process that dies is restarted (back-off 1 s, 2 s, 4 s … 30 s); Ctrl-C stops all six processes.`);
}

interface DemoLoaded {
  subjects: number;
  disability: number;
  medical: number;
  union: number;
  resources: number;
  matches: number;
  visits: number;
  discoveries: number;
}

/**
 * scripts/demo.ts in a child process of its own (compiled or through tsx, as this file runs). It
 * starts at once and waits for the gateway's address on its stdin: `load` sends it and gives the
 * counts (null: the demo was there already). A supervisor that stops first closes the pipe, and
 * the child leaves without loading.
 */
function demoLoader(env: NodeJS.ProcessEnv): { load(gatewayUrl: string): Promise<DemoLoaded | null> } {
  const entry = path.join(__dirname, `demo${path.extname(__filename)}`);
  const child = promisify(execFile)(
    process.execPath,
    [...(entry.endsWith('.ts') ? ['--import', 'tsx'] : []), entry],
    { env, maxBuffer: 1 << 20 },
  );
  child.child.stderr!.on('data', (d: Buffer) => process.stdout.write(d));
  // a loader that failed before it was told where to go is reported when it is (not as EPIPE)
  child.child.stdin!.on('error', () => {});
  const finished = child.then(({ stdout }) => JSON.parse(stdout) as DemoLoaded | null);
  finished.catch(() => {});
  return {
    load(gatewayUrl) {
      child.child.stdin!.end(`${gatewayUrl}\n`);
      return finished;
    },
  };
}

main().catch(async (e) => {
  console.error(`start failed: ${(e as Error).message}`);
  await shutdown(1);
});
