/**
 * npm run bench: the reception window's lookup through the real gateway and five subgraphs (six
 * processes, as `npm start` runs them), each on its own embedded database (or fresh databases on DATABASE_URL). Prints a table of latency
 * percentiles, throughput and SQL statements per lookup. Short on purpose (2-core machine).
 * The full lookup and the thin one (the subject's name alone, one subgraph) run in the same run,
 * alternating A/B/A/B, so their ratio is measured under the same conditions.
 *   BENCH_SUBJECTS=300 BENCH_REQUESTS=1000 BENCH_CONCURRENCY=8 npm run bench
 */
import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { Department } from '../shared/departments';
import { buildDisability, buildMedical, buildSubject, rng, villagesUnder } from '../tests/fixtures/factories';
import { startPlatform } from '../tests/helpers/processes';
import { token as signFor, post } from '../tests/helpers/system';
import { Role } from '../shared/auth';

const SUBJECTS = Number(process.env.BENCH_SUBJECTS ?? 300);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 1000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);

/** the reception window's lookup, with tier and every department's eligibility (contract CrossLineLookup) */
const LOOKUP = `query($id: String!) { subjectByIdNumber(idNumber: $id) {
  id idNumber name sex birthDate region { code name level } household { size monthlyIncomePerCapita }
  assistance { category status since until } tier disability { certificateNumber category grade }
  tradeUnion { member difficultWorker { level since reason } } medical { insuranceType majorIllness outOfPocketLast12Months }
  charity { activeMatches { resource { id name } status } }
  eligibility { program { id name department } eligible enrolled reasons } } }`;
/** the same subject's name alone: one subgraph, the floor of a lookup through the gateway */
const THIN = `query($id: String!) { subjectByIdNumber(idNumber: $id) { name } }`;

interface Run {
  latencies: number[];
  seconds: number;
  failures: number;
}

function gatewayRss(platform: Awaited<ReturnType<typeof startPlatform>>): string {
  const pid = platform.system.children.get('gateway')?.pid;
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    return (Number(/VmRSS:\s+(\d+)/.exec(status)![1]) / 1024).toFixed(0);
  } catch {
    return '?';
  }
}

function percentile(sorted: number[], p: number) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function main() {
  process.stderr.write(
    `starting the six processes (${process.env.DATABASE_URL ? 'PostgreSQL' : 'PGlite'}) …\n`,
  );
  // eight clients as one user: no rate limit, whatever NODE_ENV the harness sets
  const platform = await startPlatform({ env: { RATE_LIMIT_PER_MINUTE: '0' } });
  const system = {
    as(department: Department) {
      const pending = signFor(department, Role.ADMIN);
      return async (query: string, variables: unknown = {}) =>
        post(platform.gatewayUrl, query, variables, await pending);
    },
  };
  try {
    const r = rng(99);
    const villages = villagesUnder('330381', 10);
    const people = Array.from({ length: SUBJECTS }, (_, i) => buildSubject(r, villages[i % villages.length]));
    process.stderr.write(`registering ${SUBJECTS} subjects with disability and medical records …\n`);
    const batch = async (dept: Department, field: string, type: string, items: unknown[]) => {
      for (let i = 0; i < items.length; i += 25) {
        const chunk = items.slice(i, i + 25);
        const q = `mutation(${chunk.map((_, j) => `$i${j}: ${type}!`).join(',')}) { ${chunk.map((_, j) => `m${j}: ${field}(input: $i${j}) { __typename }`).join(' ')} }`;
        const { errors } = await system.as(dept)(q, Object.fromEntries(chunk.map((c, j) => [`i${j}`, c])));
        if (errors) throw new Error(errors[0].message);
      }
    };
    await batch(Department.CIVIL_AFFAIRS, 'registerSubject', 'SubjectInput', people);
    await batch(
      Department.DISABILITY,
      'recordDisability',
      'DisabilityInput',
      people.map((p) => buildDisability(r, p.idNumber)),
    );
    await batch(
      Department.HEALTH,
      'recordMedical',
      'MedicalInput',
      people.map((p) => buildMedical(r, p.idNumber)),
    );

    const ask = system.as(Department.CIVIL_AFFAIRS);
    for (let i = 0; i < 50; i++) await ask(LOOKUP, { id: people[i % SUBJECTS].idNumber }); // warm-up

    const run = async (query: string): Promise<Run> => {
      const latencies: number[] = [];
      let next = 0;
      let failures = 0;
      const started = performance.now();
      await Promise.all(
        Array.from({ length: CONCURRENCY }, async () => {
          while (next < REQUESTS) {
            const id = people[next++ % SUBJECTS].idNumber;
            const t = performance.now();
            const res = await ask(query, { id });
            latencies.push(performance.now() - t);
            if (res.errors || !res.data?.subjectByIdNumber) failures++;
          }
        }),
      );
      return { latencies, seconds: (performance.now() - started) / 1000, failures };
    };
    const merge = (a: Run, b: Run): Run => ({
      latencies: [...a.latencies, ...b.latencies].sort((x, y) => x - y),
      seconds: a.seconds + b.seconds,
      failures: a.failures + b.failures,
    });
    process.stderr.write(`${REQUESTS} lookups per round, ${CONCURRENCY} at a time, thin/full/thin/full …\n`);
    const thin1 = await run(THIN);
    const full1 = await run(LOOKUP);
    const thin2 = await run(THIN);
    const full2 = await run(LOOKUP);
    const thin = merge(thin1, thin2);
    const full = merge(full1, full2);
    const p = (r: Run, q: number) => percentile(r.latencies, q);
    const figures = (label: string, r: Run): Array<[string, string]> => [
      [
        `${label}: throughput`,
        `${(r.latencies.length / r.seconds).toFixed(0)} lookups/s (${r.latencies.length} sent, ${r.failures} failed)`,
      ],
      [
        `${label}: p50 / p95 / p99`,
        `${p(r, 50).toFixed(1)} / ${p(r, 95).toFixed(1)} / ${p(r, 99).toFixed(1)} ms`,
      ],
    ];
    const rows: Array<[string, string]> = [
      [
        'database',
        process.env.DATABASE_URL ? 'PostgreSQL (one database per department)' : 'PGlite (one per department)',
      ],
      ['subjects', String(SUBJECTS)],
      ['clients', String(CONCURRENCY)],
      ...figures('thin (name only)', thin),
      ...figures('full CrossLineLookup', full),
      ['full / thin p50', `${(p(full, 50) / p(thin, 50)).toFixed(1)} ×`],
      [
        'thin / full throughput',
        `${(thin.latencies.length / thin.seconds / (full.latencies.length / full.seconds)).toFixed(1)} ×`,
      ],
      ['gateway process RSS', `${gatewayRss(platform)} MiB`],
    ];
    const width = Math.max(...rows.map((r) => r[0].length));
    console.log(`\n| ${'measure'.padEnd(width)} | value |\n|${'-'.repeat(width + 2)}|-------|`);
    for (const [k, v] of rows) console.log(`| ${k.padEnd(width)} | ${v} |`);
  } finally {
    await platform.stop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
