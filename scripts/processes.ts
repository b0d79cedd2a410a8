/**
 * Starts the six processes (five subgraphs and the gateway) as real child processes, waits until
 * each answers /readyz, and stops them together. Once supervised (`npm start`), a process that dies
 * is started again with back-off while the others keep serving. Used by `npm start` and the tests.
 */
import { ChildProcess, spawn } from 'node:child_process';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Env, gatewayPort, subgraphUrls } from '../shared/config';
import { DEPARTMENTS } from '../shared/departments';

/**
 * Compiled (`npm run build`, this file is dist/scripts/processes.js): the children run the compiled
 * JavaScript with plain `node`; from the sources they run TypeScript through tsx. Either way they
 * start in the repository's root (supergraph.graphql, .data/).
 */
const COMPILED = __filename.endsWith('.js');
const CODE = path.resolve(__dirname, '..');
const ROOT = COMPILED ? path.resolve(CODE, '..') : CODE;
const EXT = COMPILED ? '.js' : '.ts';

/**
 * Ports are taken from below Linux's ephemeral range (32768–60999), which the kernel never hands out
 * for `listen(0)` or an outgoing connection. A port handed out here stays free until its child
 * listens; one the kernel had chosen could meanwhile go to another test's `listen(0)`, or to another
 * test worker's `freePorts` (a CI run once had a gateway talking to another platform's subgraph on
 * its port). Each Jest worker draws from its own slice, and a process walks its slice in turn, so
 * it does not hand out a port twice before it has gone round.
 */
const PORT_FLOOR = 20_000;
const PORT_CEILING = 32_000;
const WORKER_SLICES = 8;
let nextPort: number | undefined;

/** the ports this process draws from: its Jest worker's slice, or the whole range */
export function portRange(workerId = process.env.JEST_WORKER_ID): [number, number] {
  const worker = Number(workerId);
  if (!Number.isInteger(worker) || worker < 1) return [PORT_FLOOR, PORT_CEILING];
  const width = Math.floor((PORT_CEILING - PORT_FLOOR) / WORKER_SLICES);
  const low = PORT_FLOOR + ((worker - 1) % WORKER_SLICES) * width;
  return [low, low + width];
}

const canListen = (port: number) =>
  new Promise<boolean>((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });

/** `count` different ports free on the loopback interface now, for children about to listen on them */
export async function freePorts(count: number): Promise<number[]> {
  const [low, high] = portRange();
  nextPort ??= low + Math.floor(Math.random() * (high - low));
  const ports: number[] = [];
  for (let tried = 0; ports.length < count && tried < high - low; tried++) {
    const port: number = nextPort;
    nextPort = port + 1 >= high ? low : port + 1;
    if (await canListen(port)) ports.push(port);
  }
  if (ports.length < count) throw new Error(`fewer than ${count} free ports in ${low}–${high - 1}`);
  return ports;
}

export interface ProcessSpec {
  name: string;
  entry: string;
  readyUrl: string;
}

export function processSpecs(env: Env): ProcessSpec[] {
  const urls = subgraphUrls(env);
  const subgraphs = DEPARTMENTS.map((d) => ({
    name: d.subgraph,
    entry: path.join(CODE, 'subgraphs', d.subgraph, 'src', `index${EXT}`),
    readyUrl: urls[d.department].replace(/\/graphql\/?$/, '/readyz'),
  }));
  const gateway = {
    name: 'gateway',
    entry: path.join(CODE, 'gateway', 'src', `index${EXT}`),
    readyUrl: `http://127.0.0.1:${gatewayPort(env)}/healthz`,
  };
  return [...subgraphs, gateway];
}

export interface RunningSystem {
  /** the current process of each name (a restarted one replaces the one that died) */
  children: Map<string, ChildProcess>;
  /** resolves when a child exits and is not going to be restarted, with its name and code */
  exited: Promise<{ name: string; code: number | null }>;
  /**
   * From now on a child that exits is started again after a back-off instead of resolving
   * `exited`. Called once everything has been ready: a process that fails during the first
   * start-up (port in use, bad config) is a fault to report, not to retry forever.
   */
  supervise(log: (message: string) => void, backOff?: Partial<BackOff>): void;
  stop(): Promise<void>;
}

export interface BackOff {
  firstMs: number;
  maxMs: number;
  /** a process that stays ready this long starts again from `firstMs` when it next dies */
  resetAfterMs: number;
}

const DEFAULT_BACK_OFF: BackOff = { firstMs: 1000, maxMs: 30_000, resetAfterMs: 60_000 };

/** the wait before restart number `attempt` (0 for the first since a good run): 1 s, 2 s, 4 s … 30 s */
export function restartDelay(attempt: number, backOff: BackOff = DEFAULT_BACK_OFF): number {
  return Math.min(backOff.firstMs * 2 ** attempt, backOff.maxMs);
}

/** the shell's convention for a process ended by a signal (SIGKILL → 137) */
function exitCode(code: number | null, signal: NodeJS.Signals | null): number | null {
  return code ?? (signal ? 128 + (os.constants.signals[signal] ?? 0) : null);
}

export function startProcesses(
  specs: ProcessSpec[],
  env: Env,
  output: (name: string, line: string) => void,
): RunningSystem {
  const children = new Map<string, ChildProcess>();
  let onExit: (v: { name: string; code: number | null }) => void = () => {};
  const exited = new Promise<{ name: string; code: number | null }>((r) => (onExit = r));
  let supervisor: { log: (message: string) => void; backOff: BackOff } | undefined;
  let stopping = false;
  const timers = new Set<NodeJS.Timeout>();
  const restarts = new Map<string, { attempt: number; readySince?: number }>();

  function launch(spec: ProcessSpec): ChildProcess {
    const child = spawn(process.execPath, COMPILED ? [spec.entry] : ['--import', 'tsx', spec.entry], {
      cwd: ROOT,
      env: env as NodeJS.ProcessEnv,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.set(spec.name, child);
    for (const stream of [child.stdout!, child.stderr!]) {
      let buffered = '';
      stream.setEncoding('utf8');
      stream.on('data', (chunk: string) => {
        buffered += chunk;
        const lines = buffered.split('\n');
        buffered = lines.pop()!;
        for (const line of lines) if (line.trim()) output(spec.name, line);
      });
    }
    child.once('exit', (code, signal) => {
      if (stopping) return;
      if (!supervisor) return onExit({ name: spec.name, code });
      restartLater(spec, exitCode(code, signal));
    });
    return child;
  }

  function restartLater(spec: ProcessSpec, code: number | null) {
    const { log, backOff } = supervisor!;
    const state = restarts.get(spec.name) ?? { attempt: 0 };
    if (state.readySince !== undefined && Date.now() - state.readySince >= backOff.resetAfterMs)
      state.attempt = 0;
    const delay = restartDelay(state.attempt, backOff);
    restarts.set(spec.name, { attempt: state.attempt + 1 });
    log(`${spec.name} exited with code ${code}; restarting in ${delay / 1000} s`);
    const timer = setTimeout(() => {
      timers.delete(timer);
      if (stopping) return;
      const child = launch(spec);
      void watchReady(spec, child, Date.now());
    }, delay);
    timers.add(timer);
  }

  /** notes when a restarted child is ready again, so that a long good run resets its back-off */
  async function watchReady(spec: ProcessSpec, child: ChildProcess, since: number) {
    while (!stopping && child.exitCode === null && child.signalCode === null) {
      const ok = await fetch(spec.readyUrl, { signal: AbortSignal.timeout(2000) })
        .then((r) => r.ok)
        .catch(() => false);
      if (ok && !stopping && child.exitCode === null && child.signalCode === null) {
        restarts.get(spec.name)!.readySince = Date.now();
        supervisor!.log(`${spec.name} is ready again (${((Date.now() - since) / 1000).toFixed(1)} s)`);
        return;
      }
      await new Promise((r) => setTimeout(r, 250));
    }
  }

  for (const spec of specs) launch(spec);
  return {
    children,
    exited,
    supervise(log, backOff) {
      supervisor = { log, backOff: { ...DEFAULT_BACK_OFF, ...backOff } };
      const now = Date.now();
      for (const spec of specs) restarts.set(spec.name, { attempt: 0, readySince: now });
    },
    async stop() {
      stopping = true;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      await Promise.all(
        [...children.values()].map(
          (child) =>
            new Promise<void>((resolve) => {
              if (child.exitCode !== null || child.signalCode !== null) return resolve();
              const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
              child.once('exit', () => {
                clearTimeout(timer);
                resolve();
              });
              child.kill('SIGTERM');
            }),
        ),
      );
    },
  };
}

/**
 * Polls each URL until it answers 200 as the service it should be (`service` in its JSON); reports
 * each as it comes up.
 */
export async function waitUntilReady(
  specs: ProcessSpec[],
  timeoutMs: number,
  onReady: (spec: ProcessSpec, ms: number) => void = () => {},
  abort?: Promise<{ name: string; code: number | null }>,
): Promise<void> {
  const started = Date.now();
  let aborted: { name: string; code: number | null } | undefined;
  void abort?.then((exit) => (aborted = exit));
  await Promise.all(
    specs.map(async (spec) => {
      for (;;) {
        if (aborted) {
          throw new Error(
            `${aborted.name} exited with code ${aborted.code} before ${spec.name} was ready (is its port free?)`,
          );
        }
        if (Date.now() - started > timeoutMs)
          throw new Error(`${spec.name} not ready after ${timeoutMs} ms (${spec.readyUrl})`);
        const answer = await fetch(spec.readyUrl, { signal: AbortSignal.timeout(2000) })
          .then(async (r) => (r.ok ? ((await r.json().catch(() => ({}))) as { service?: string }) : null))
          .catch(() => null);
        // another process on this port (our child could not listen there) is not our child being ready
        if (answer?.service !== undefined && answer.service !== spec.name)
          throw new Error(
            `${spec.readyUrl} answers as ${answer.service}, not ${spec.name}: is its port taken by another process?`,
          );
        if (answer) return onReady(spec, Date.now() - started);
        await new Promise((r) => setTimeout(r, 250));
      }
    }),
  );
}
