/**
 * npm run bench:scale: does a lookup and a township's overdue list stay flat as the registry grows?
 * One registry grows through the sizes: fresh databases (on DATABASE_URL, or embedded PGlite), then for
 * each size `npm run seed`'s generator adds the people up to it (10k, then 90k more, then 900k more:
 * what is measured at 1M is the same registry that was measured at 10k), the six processes as
 * `npm start` runs them, then the contract's CrossLineLookup (a different
 * seeded ID number per request) and the first page of the busiest township's overdue list
 * (contract OverdueVisitsPage), through the gateway. Prints a table and writes it, with the
 * EXPLAIN ANALYZE of the overdue page at each size, to bench/results/<date>-scale.md.
 * Short on purpose (2-core machine); the figures are for comparing sizes within one run.
 *   BENCH_SCALE_SIZES=10000,100000 BENCH_REQUESTS=400 BENCH_CONCURRENCY=8 npm run bench:scale
 */
import 'reflect-metadata';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Role } from '../shared/auth';
import { databaseTarget, type Env } from '../shared/config';
import { openDatabase } from '../shared/database';
import { Department, departmentInfo } from '../shared/departments';
import { processSpecs, startProcesses, waitUntilReady } from '../scripts/processes';
import { SUBGRAPHS } from '../subgraphs';
import { contractOperations } from '../tests/helpers/contract';
import { platformEnv } from '../tests/helpers/processes';
import { post, token } from '../tests/helpers/system';
import { progressBar } from './progress';
import { SeedDatabases, seedPeople } from './seed-data';

const SIZES = (process.env.BENCH_SCALE_SIZES ?? '10000,100000').split(',').map(Number);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 400);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);
const AS_OF = '2030-01-01';

const operation = (name: string) => contractOperations().find((o) => o.name === name)!.document;

interface Measured {
  subjects: number;
  added: number;
  seedSeconds: number;
  township: string;
  townshipPeople: number;
  lookup: number[];
  page: number[];
  failures: number;
  explain: string;
}

function percentile(sorted: number[], p: number) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** `count` requests, CONCURRENCY at a time; the latencies sorted, and how many failed */
async function load(count: number, send: (i: number) => Promise<boolean>) {
  const latencies: number[] = [];
  let next = 0;
  let failures = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < count) {
        const i = next++;
        const t = performance.now();
        if (!(await send(i))) failures++;
        latencies.push(performance.now() - t);
      }
    }),
  );
  return { latencies: latencies.sort((a, b) => a - b), failures };
}

/** Adds people up to `subjects` (`added` of them, generator seed `seed`), then measures. */
async function measure(env: Env, subjects: number, added: number, seed: number): Promise<Measured> {
  // seed the databases the processes will open
  const opened = [];
  const dbs = {} as SeedDatabases;
  for (const d of SUBGRAPHS) {
    const database = await openDatabase({
      target: databaseTarget(env, d.department),
      name: departmentInfo(d.department).subgraph,
      entities: d.entities,
      migrations: d.migrations,
    });
    opened.push(database);
    dbs[d.department] = database.dataSource;
  }
  process.stderr.write(
    `adding ${added.toLocaleString('en')} people, up to ${subjects.toLocaleString('en')} …\n`,
  );
  const started = performance.now();
  await seedPeople(dbs, { subjects: added, seed, progress: progressBar(started) });
  const seedSeconds = (performance.now() - started) / 1000;
  const civil = dbs[Department.CIVIL_AFFAIRS];
  const ids: string[] = (
    await civil.query(`SELECT id_number FROM subjects ORDER BY md5(id_number) LIMIT 5000`)
  ).map((r: { id_number: string }) => r.id_number);
  const [{ township, people }] = await civil.query(
    `SELECT visit_township_code AS township, count(*)::int AS people FROM subject_standing
     GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 1`,
  );
  const plan: Array<{ 'QUERY PLAN': string }> = await civil.query(
    `EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) /* duePage (township) */ SELECT * FROM subject_standing st
     WHERE st.visit_township_code = $1 AND st.due_at < $2
     ORDER BY st.due_at ASC NULLS LAST, st.subject_id ASC LIMIT 50`,
    [township, new Date(`${AS_OF}T00:00:00+08:00`)],
  );
  for (const database of opened) await database.close();

  process.stderr.write('starting the six processes …\n');
  const specs = processSpecs(env);
  const output: string[] = [];
  const system = startProcesses(specs, env, (name, line) => output.push(`${name}: ${line}`));
  try {
    await waitUntilReady(specs, 150_000, undefined, system.exited).catch((e) => {
      throw new Error(`${(e as Error).message}\n${output.slice(-20).join('\n')}`);
    });
    const gateway = `http://127.0.0.1:${env.GATEWAY_PORT}/graphql`;
    const bearer = await token(Department.CIVIL_AFFAIRS, Role.ADMIN);
    const lookupDoc = operation('CrossLineLookup');
    const pageDoc = operation('OverdueVisitsPage');
    const lookup = (i: number) =>
      post(gateway, lookupDoc, { idNumber: ids[i % ids.length] }, bearer).then(
        (r) => !r.errors && !!r.data?.subjectByIdNumber,
      );
    const page = () =>
      post(gateway, pageDoc, { regionCode: township, asOf: AS_OF, first: 50, after: null }, bearer).then(
        (r) => !r.errors && r.data?.overdueVisits?.length > 0,
      );
    await load(50, lookup); // warm-up: query plans, pools, caches
    await load(20, page);
    process.stderr.write(
      `${REQUESTS} lookups and ${REQUESTS / 2} overdue pages, ${CONCURRENCY} at a time …\n`,
    );
    const l = await load(REQUESTS, (i) => lookup(i + 50));
    const p = await load(REQUESTS / 2, page);
    return {
      subjects,
      added,
      seedSeconds,
      township,
      townshipPeople: people,
      lookup: l.latencies,
      page: p.latencies,
      failures: l.failures + p.failures,
      explain: plan.map((row) => row['QUERY PLAN']).join('\n'),
    };
  } finally {
    await system.stop();
  }
}

async function main() {
  const results: Measured[] = [];
  const { env, cleanup } = await platformEnv({ env: { RATE_LIMIT_PER_MINUTE: '0' } });
  try {
    let seeded = 0;
    for (const [i, size] of SIZES.entries()) {
      results.push(await measure(env, size, size - seeded, 12 + i));
      seeded = size;
    }
  } finally {
    await cleanup();
  }
  const ms = (v: number) => v.toFixed(1);
  const header =
    '| subjects | added | seeded in | people/s | lookup p50 / p95 ms | overdue page p50 / p95 ms | township (people) | failed |';
  const rows = results.map(
    (r) =>
      `| ${r.subjects.toLocaleString('en')} | ${r.added.toLocaleString('en')} | ${r.seedSeconds.toFixed(1)} s | ${Math.round(r.added / r.seedSeconds).toLocaleString('en')} ` +
      `| ${ms(percentile(r.lookup, 50))} / ${ms(percentile(r.lookup, 95))} | ${ms(percentile(r.page, 50))} / ${ms(percentile(r.page, 95))} ` +
      `| ${r.township} (${r.townshipPeople.toLocaleString('en')}) | ${r.failures} |`,
  );
  const first = results[0];
  const last = results[results.length - 1];
  const ratio = (pick: (r: Measured) => number[]) =>
    (percentile(pick(last), 95) / percentile(pick(first), 95)).toFixed(2);
  const table = [
    header,
    '|---|---|---|---|---|---|---|---|',
    ...rows,
    '',
    `p95 at ${last.subjects.toLocaleString('en')} ÷ p95 at ${first.subjects.toLocaleString('en')}: ` +
      `lookup ${ratio((r) => r.lookup)} ×, overdue page ${ratio((r) => r.page)} × (target ≤ 1.2)`,
  ].join('\n');
  console.log(`\n${table}`);

  const machine = `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'CPU'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, load average ${os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(
      ' ',
    )} at the end; ${process.env.DATABASE_URL ? 'PostgreSQL' : 'embedded PGlite'}; ${REQUESTS} lookups and ${REQUESTS / 2} pages per size, ${CONCURRENCY} clients`;
  const dir = path.join(__dirname, 'results');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${new Date().toISOString().slice(0, 10)}-scale.md`);
  writeFileSync(
    file,
    [
      `# Scale run, ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`,
      '',
      `Machine: ${machine}.`,
      '',
      table,
      '',
      ...results.flatMap((r) => [
        `## EXPLAIN ANALYZE of the overdue page at ${r.subjects.toLocaleString('en')} subjects (township ${r.township})`,
        '',
        '```',
        r.explain,
        '```',
        '',
      ]),
    ].join('\n'),
  );
  process.stderr.write(`written to ${path.relative(process.cwd(), file)}\n`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
