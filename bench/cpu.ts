/**
 * npm run bench:cpu: CPU time each of the six processes spends per request, for the three lookup
 * queries of bench/lookup.ts. Wall time on a shared 2-core machine moves with everyone else's load;
 * CPU time per request (utime + stime from /proc/<pid>/stat around a run) does not, so this is the
 * before/after figure for work on the per-request cost. With BENCH_CPU_PROF=<dir> every process
 * also writes a V8 CPU profile of the full lookups there (bench/cpu-profile.ts; open it in Chrome DevTools).
 *   BENCH_SUBJECTS=100 BENCH_REQUESTS=300 BENCH_CLIENTS=8 npm run bench:cpu
 */
import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Role } from '../shared/auth';
import { Department } from '../shared/departments';
import { startPlatform } from '../tests/helpers/processes';
import { token as signFor, post } from '../tests/helpers/system';
import { BENCH_ENV, LOOKUP, QUERIES, registerPeople } from './lookup-queries';

const SUBJECTS = Number(process.env.BENCH_SUBJECTS ?? 100);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 300);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 8);
const PROFILES = process.env.BENCH_CPU_PROF;
/** clock ticks per second of /proc/<pid>/stat's utime and stime (USER_HZ, 100 on Linux) */
const TICKS_PER_SECOND = 100;

/** user + system CPU milliseconds the process has used so far */
function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // fields after the command name (which may hold spaces) start at field 3; utime and stime are 14, 15
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
}

async function main() {
  const platform = await startPlatform({
    env: {
      ...BENCH_ENV,
      ...(PROFILES
        ? {
            BENCH_CPU_PROF: path.resolve(PROFILES),
            NODE_OPTIONS: `--require ${path.join(__dirname, 'cpu-profile.js')}`,
          }
        : {}),
    },
  });
  try {
    process.stderr.write(`registering ${SUBJECTS} subjects …\n`);
    const people = await registerPeople(platform.gatewayUrl, SUBJECTS);
    const bearer = await signFor(Department.CIVIL_AFFAIRS, Role.ADMIN);
    const processes = [...platform.system.children.entries()].map(([name, child]) => ({
      name,
      pid: child.pid!,
    }));
    const lines = [
      `| query | ${processes.map((p) => p.name).join(' | ')} | all six | req/s (load) | failed |`,
      `|---|${processes.map(() => '---|').join('')}---|---|---|`,
    ];
    for (const [label, query] of QUERIES) {
      // warm: plans cached, pools open, code optimised
      for (let i = 0; i < 100; i++)
        await post(platform.gatewayUrl, query, { id: people[i % SUBJECTS].idNumber }, bearer);
      const profiled = PROFILES && query === LOOKUP;
      if (profiled) for (const p of processes) process.kill(p.pid, 'SIGUSR2');
      const before = processes.map((p) => cpuMs(p.pid));
      let sent = 0;
      let failures = 0;
      let firstError: string | undefined;
      const started = performance.now();
      await Promise.all(
        Array.from({ length: CLIENTS }, async () => {
          while (sent < REQUESTS) {
            const id = people[sent++ % SUBJECTS].idNumber;
            const res = await post(platform.gatewayUrl, query, { id }, bearer);
            if (res.errors || !res.data?.subjectByIdNumber) {
              failures++;
              firstError ??= JSON.stringify(res.errors ?? res.data);
            }
          }
        }),
      );
      const seconds = (performance.now() - started) / 1000;
      const per = processes.map((p, i) => (cpuMs(p.pid) - before[i]) / REQUESTS);
      if (profiled) for (const p of processes) process.kill(p.pid, 'SIGUSR2');
      // a failure is counted and named, not fatal: on a loaded machine a request may time out
      if (failures) process.stderr.write(`${label}: ${failures} requests failed, e.g. ${firstError}\n`);
      lines.push(
        `| ${label} | ${per.map((ms) => ms.toFixed(2)).join(' | ')} | ${per.reduce((a, b) => a + b, 0).toFixed(2)} | ${(REQUESTS / seconds).toFixed(0)}/s (${os.loadavg()[0].toFixed(2)}) | ${failures} |`,
      );
    }
    console.log(
      `\nCPU ms per request (user + system), ${REQUESTS} requests, ${CLIENTS} clients, ${SUBJECTS} subjects\n\n${lines.join('\n')}\n`,
    );
  } finally {
    await platform.stop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
