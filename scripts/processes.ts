/**
 * Starts the six processes (five subgraphs and the gateway) as real child processes, waits until
 * each answers /readyz, and stops them together. Used by `npm start` and the end-to-end tests.
 */
import { ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { Env, gatewayPort, subgraphUrls } from '../shared/config';
import { DEPARTMENTS } from '../shared/departments';

const ROOT = path.resolve(__dirname, '..');

export interface ProcessSpec {
  name: string;
  entry: string;
  readyUrl: string;
}

export function processSpecs(env: Env): ProcessSpec[] {
  const urls = subgraphUrls(env);
  const subgraphs = DEPARTMENTS.map((d) => ({
    name: d.subgraph,
    entry: path.join(ROOT, 'subgraphs', d.subgraph, 'src', 'index.ts'),
    readyUrl: urls[d.department].replace(/\/graphql\/?$/, '/readyz'),
  }));
  const gateway = {
    name: 'gateway',
    entry: path.join(ROOT, 'gateway', 'src', 'index.ts'),
    readyUrl: `http://127.0.0.1:${gatewayPort(env)}/healthz`,
  };
  return [...subgraphs, gateway];
}

export interface RunningSystem {
  children: Map<string, ChildProcess>;
  /** resolves when any child exits, with its name and code */
  exited: Promise<{ name: string; code: number | null }>;
  stop(): Promise<void>;
}

export function startProcesses(
  specs: ProcessSpec[],
  env: Env,
  output: (name: string, line: string) => void,
): RunningSystem {
  const children = new Map<string, ChildProcess>();
  let onExit: (v: { name: string; code: number | null }) => void = () => {};
  const exited = new Promise<{ name: string; code: number | null }>((r) => (onExit = r));
  for (const spec of specs) {
    const child = spawn(process.execPath, ['--import', 'tsx', spec.entry], {
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
    child.once('exit', (code) => onExit({ name: spec.name, code }));
  }
  return {
    children,
    exited,
    async stop() {
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

/** Polls each URL until it answers 200; reports each as it comes up. */
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
        const ok = await fetch(spec.readyUrl, { signal: AbortSignal.timeout(2000) })
          .then((r) => r.ok)
          .catch(() => false);
        if (ok) return onReady(spec, Date.now() - started);
        await new Promise((r) => setTimeout(r, 250));
      }
    }),
  );
}
