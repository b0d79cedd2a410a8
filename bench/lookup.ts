/**
 * npm run bench: the reception window's lookup, side by side, in one run (bench/README.md explains
 * the table):
 *  - three queries — the name alone (one subgraph), the five departments' records, and the full
 *    contract `CrossLineLookup` (tier and every department's eligibility);
 *  - through OUR gateway and through Hive Gateway 2.15.1 (bench/hive-gateway.ts) over the same
 *    supergraph.graphql and the same five subgraph processes (six processes, as `npm start`
 *    runs them: compiled JavaScript from `npm run build` when present, else TypeScript via tsx);
 *  - and the direct-SQL floor (bench/floor.ts: one statement over the same facts in one database);
 *  - at 8 and 32 clients, a different ID number on every request, rounds in A/B/A/B order so both
 *    gateways see the same conditions, then the ratios.
 * Prints the table and writes bench/results/<date>.md. Short on purpose (2-core machine):
 *   BENCH_SUBJECTS=300 BENCH_REQUESTS=300 BENCH_CLIENTS=8,32 npm run bench
 */
import 'reflect-metadata';
import { ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Role } from '../shared/auth';
import { Department } from '../shared/departments';
import { freePorts, startPlatform } from '../tests/helpers/processes';
import { token as signFor, post } from '../tests/helpers/system';
import { FLOOR_QUERY, startFloor } from './floor';
import { BENCH_ENV, LOOKUP, QUERIES, registerPeople } from './lookup-queries';

const SUBJECTS = Number(process.env.BENCH_SUBJECTS ?? 300);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 300);
const CLIENTS = (process.env.BENCH_CLIENTS ?? '8,32').split(',').map(Number);
const ROOT = process.cwd();

interface Run {
  latencies: number[];
  seconds: number;
  failures: number;
}

function percentile(sorted: number[], p: number) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

function rssMiB(pid: number | undefined): number {
  try {
    return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024;
  } catch {
    return NaN;
  }
}

/** `clients` loops sending `requests` requests in all; each takes the next ID number */
async function measure(clients: number, requests: number, send: () => Promise<boolean>): Promise<Run> {
  const latencies: number[] = [];
  let sent = 0;
  let failures = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (sent < requests) {
        sent++;
        const t = performance.now();
        const ok = await send().catch(() => false);
        latencies.push(performance.now() - t);
        if (!ok) failures++;
      }
    }),
  );
  return { latencies, seconds: (performance.now() - started) / 1000, failures };
}

function merge(runs: Run[]): Run {
  return {
    latencies: runs.flatMap((r) => r.latencies).sort((x, y) => x - y),
    seconds: runs.reduce((s, r) => s + r.seconds, 0),
    failures: runs.reduce((s, r) => s + r.failures, 0),
  };
}

const rps = (r: Run) => r.latencies.length / r.seconds;
const cell = (r: Run) =>
  `${rps(r).toFixed(0)}/s · ${[50, 95, 99].map((q) => percentile(r.latencies, q).toFixed(1)).join(' / ')} ms` +
  (r.failures ? ` · ${r.failures} failed` : '');

async function startHive(env: Record<string, string | undefined>, port: number): Promise<ChildProcess> {
  // compiled with the rest (npm run bench runs dist/bench/lookup.js), else through tsx
  const entry = path.join(__dirname, `hive-gateway${path.extname(__filename)}`);
  const args = entry.endsWith('.js') ? [entry] : ['--import', 'tsx', entry];
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { ...env, HIVE_PORT: String(port) } as NodeJS.ProcessEnv,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const deadline = Date.now() + 60_000;
  for (;;) {
    const ok = await fetch(`http://127.0.0.1:${port}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"query":"{ __typename }"}',
    })
      .then((r) => r.ok)
      .catch(() => false);
    if (ok) return child;
    if (Date.now() > deadline || child.exitCode !== null) throw new Error('Hive Gateway did not start');
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function main() {
  const database = process.env.DATABASE_URL
    ? 'PostgreSQL (one database per department)'
    : 'PGlite (one per department)';
  const load = () => os.loadavg()[0].toFixed(2);
  const loadBefore = load();
  process.stderr.write(`starting the six processes (${database}) …\n`);
  const platform = await startPlatform({ env: BENCH_ENV });
  let hive: ChildProcess | undefined;
  let floor: Awaited<ReturnType<typeof startFloor>> | undefined;
  try {
    const bearer = await signFor(Department.CIVIL_AFFAIRS, Role.ADMIN);
    const ask =
      (url: string, as = bearer) =>
      (query: string, variables: unknown) =>
        post(url, query, variables, as);
    const ours = ask(platform.gatewayUrl);

    process.stderr.write(`registering ${SUBJECTS} subjects with disability, union and medical records …\n`);
    const people = await registerPeople(platform.gatewayUrl, SUBJECTS);

    const [hivePort] = await freePorts(1);
    process.stderr.write('starting Hive Gateway over the same supergraph and subgraphs …\n');
    hive = await startHive(platform.env, hivePort);
    const theirs = ask(`http://127.0.0.1:${hivePort}/graphql`);

    // the floor holds exactly the facts the full lookup returns (this is also the warm-up)
    floor = await startFloor(Math.max(...CLIENTS));
    process.stderr.write('loading the SQL floor from full lookups; warming both gateways …\n');
    for (const p of people) {
      const { data, errors } = await ours(LOOKUP, { id: p.idNumber });
      if (errors || !data?.subjectByIdNumber) throw new Error(`lookup failed: ${JSON.stringify(errors)}`);
      await floor.load(data.subjectByIdNumber);
    }
    for (const [, q] of QUERIES)
      for (let i = 0; i < 30; i++) {
        await ours(q, { id: people[i].idNumber });
        const { errors } = await theirs(q, { id: people[i].idNumber });
        if (errors) throw new Error(`Hive Gateway: ${errors[0].message}`);
      }

    let next = 0;
    const nextId = () => people[next++ % SUBJECTS].idNumber;
    const via = (send: ReturnType<typeof ask>, query: string) => async () => {
      const res = await send(query, { id: nextId() });
      return !res.errors && !!res.data?.subjectByIdNumber;
    };
    const floorPool = floor.pool;
    const sql = async () => (await floorPool.query(FLOOR_QUERY, [nextId()])).rowCount === 1;

    const results: Array<{ query: string; clients: number; ours: Run; hive?: Run }> = [];
    for (const clients of CLIENTS) {
      for (const [label, query] of QUERIES) {
        process.stderr.write(`${label}, ${clients} clients: ours/Hive/ours/Hive × ${REQUESTS} …\n`);
        const a: Run[] = [];
        const b: Run[] = [];
        for (let round = 0; round < 2; round++) {
          a.push(await measure(clients, REQUESTS, via(ours, query)));
          b.push(await measure(clients, REQUESTS, via(theirs, query)));
        }
        results.push({ query: label, clients, ours: merge(a), hive: merge(b) });
      }
      process.stderr.write(`SQL floor, ${clients} clients …\n`);
      results.push({
        query: 'SQL floor (one statement)',
        clients,
        ours: merge([await measure(clients, REQUESTS, sql), await measure(clients, REQUESTS, sql)]),
      });
    }

    const lines: string[] = [];
    lines.push(
      '| query | clients | ours: req/s · p50 / p95 / p99 | Hive Gateway: req/s · p50 / p95 / p99 | ours ÷ Hive throughput |',
      '|---|---|---|---|---|',
    );
    for (const x of results)
      lines.push(
        `| ${x.query} | ${x.clients} | ${cell(x.ours)} | ${x.hive ? cell(x.hive) : '—'} | ${x.hive ? `${(rps(x.ours) / rps(x.hive)).toFixed(2)} ×` : '—'} |`,
      );
    lines.push('', '| ratio | clients | ours | Hive Gateway |', '|---|---|---|---|');
    for (const clients of CLIENTS) {
      const of = (q: string) => results.find((x) => x.query === q && x.clients === clients)!;
      const name = of('name only');
      const full = of('full CrossLineLookup');
      const floorRun = of('SQL floor (one statement)');
      const p50 = (r: Run) => percentile(r.latencies, 50);
      lines.push(
        `| full lookup p50 ÷ name-only p50 (target ≤ 1.5) | ${clients} | ${(p50(full.ours) / p50(name.ours)).toFixed(2)} × | ${(p50(full.hive!) / p50(name.hive!)).toFixed(2)} × |`,
        `| full lookup p50 ÷ SQL floor p50 | ${clients} | ${(p50(full.ours) / p50(floorRun.ours)).toFixed(1)} × | ${(p50(full.hive!) / p50(floorRun.ours)).toFixed(1)} × |`,
      );
    }
    const cpus = os.cpus();
    const header = [
      `# npm run bench — ${new Date().toISOString()}`,
      '',
      `- machine: ${cpus.length} × ${cpus[0]?.model ?? '?'}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB, ${os.platform()} ${os.release()}, Node ${process.version}`,
      `- load average (1 min) before / after: ${loadBefore} / ${load()} (above the core count = measured under contention)`,
      `- databases: ${database}; ${SUBJECTS} subjects; ${REQUESTS} requests per round, 2 rounds per gateway (A/B/A/B)`,
      `- services: ${__filename.endsWith('.js') ? 'compiled JavaScript (npm run build)' : 'TypeScript via tsx'}`,
      `- process RSS at the end: our gateway ${rssMiB(platform.system.children.get('gateway')?.pid).toFixed(0)} MiB, Hive Gateway ${rssMiB(hive.pid).toFixed(0)} MiB`,
      '',
    ];
    const report = [...header, ...lines, ''].join('\n');
    console.log(`\n${report}`);
    const dir = path.join(ROOT, 'bench', 'results');
    mkdirSync(dir, { recursive: true });
    const file = path.join(dir, `${new Date().toISOString().slice(0, 10)}.md`);
    writeFileSync(file, report);
    process.stderr.write(`written to ${path.relative(ROOT, file)}\n`);
  } finally {
    hive?.kill('SIGTERM');
    await floor?.stop();
    await platform.stop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
