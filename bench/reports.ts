/**
 * npm run bench:reports: how long a district-month takes as a file. Starts the platform in-process
 * (five subgraphs and the gateway, each subgraph on its own database: fresh ones on DATABASE_URL,
 * else PGlite), loads BENCH_SUBJECTS people into one district (Qingpu, 310118) straight into civil
 * affairs' tables, then downloads each Qingpu table as CSV and table 3 as XLSX through the gateway
 * and prints a table. Short on purpose (2-core machine).
 *   BENCH_SUBJECTS=20000 npm run bench:reports
 *   BENCH_FILES=qingpu-3.csv (comma-separated; default the four CSVs and table 3 as XLSX)
 * Besides wall time it prints the CPU each file cost: this process (gateway and subgraphs) and the
 * PostgreSQL backends serving the bench's connections (not autovacuum; from /proc, when the server is on this
 * machine) — a figure that a shared, loaded machine disturbs far less than wall time.
 *   BENCH_CPU_PROFILE=dir writes dir/<file>.cpuprofile, a CPU profile of each download alone
 */
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import path from 'node:path';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { Role } from '../shared/auth';
import { Department } from '../shared/departments';
import { makeIdNumber } from '../shared/id-number';
import { villagesUnder } from '../tests/fixtures/factories';
import { startSystem, token } from '../tests/helpers/system';

const SUBJECTS = Number(process.env.BENCH_SUBJECTS ?? 20000);
const MONTH = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 7);
const FILES = (
  process.env.BENCH_FILES ?? 'qingpu-1.csv,qingpu-2.csv,qingpu-3.csv,qingpu-4.csv,qingpu-3.xlsx'
).split(',');
const CATEGORIES = ['DIBAO', 'DIBIAN', 'TEKUN', 'LOW_INCOME', null, null];

export async function load(query: (sql: string, params: unknown[]) => Promise<unknown>, total = SUBJECTS) {
  const villages = villagesUnder('310118', 50);
  for (let start = 0; start < total; start += 2000) {
    const n = Math.min(2000, total - start);
    const households: unknown[][] = [[], [], []];
    const subjects: unknown[][] = [[], [], [], [], [], [], [], []];
    const assistance: unknown[][] = [[], [], [], [], [], []];
    for (let i = start; i < start + n; i++) {
      const household = randomUUID();
      const subject = randomUUID();
      const day = new Date(Date.UTC(1940, 0, 1) + (i % 25000) * 86_400_000).toISOString().slice(0, 10);
      const idNumber = makeIdNumber('310118', day, Math.floor(i / 25000) * 2 + (i % 2));
      households[0].push(household);
      households[1].push(1 + (i % 5));
      households[2].push(300 + ((i * 37) % 3000));
      const village = villages[i % villages.length];
      subjects[0].push(subject);
      subjects[1].push(idNumber);
      subjects[2].push(`对象${i}`);
      subjects[3].push(i % 2 ? 'MALE' : 'FEMALE');
      subjects[4].push(day);
      subjects[5].push(village);
      subjects[6].push(household);
      subjects[7].push(`青浦区某镇某村${i}号`);
      const category = CATEGORIES[i % CATEGORIES.length];
      if (category) {
        const ended = i % 7 === 0;
        assistance[0].push(randomUUID());
        assistance[1].push(subject);
        assistance[2].push(category);
        assistance[3].push(ended ? 'ENDED' : 'ACTIVE');
        assistance[4].push('2022-01-01');
        assistance[5].push(ended ? '2025-06-30' : null);
      }
    }
    await query(
      `INSERT INTO households (id, size, monthly_income_per_capita)
       SELECT * FROM unnest($1::uuid[], $2::int[], $3::numeric[])`,
      households,
    );
    await query(
      `INSERT INTO subjects (id, id_number, name, sex, birth_date, registered_region_code, residence_region_code,
          household_id, registered_address)
       SELECT a, b, c, d, e, f, f, g, h FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::date[],
          $6::text[], $7::uuid[], $8::text[]) AS t(a, b, c, d, e, f, g, h)`,
      subjects,
    );
    await query(
      `INSERT INTO assistance_statuses (id, subject_id, category, status, since, until)
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::date[], $6::date[])`,
      assistance,
    );
  }
}

/** User + system CPU seconds of each of these server processes so far (empty when /proc cannot tell). */
function postgresCpu(pids: number[]): Map<number, number> {
  const seconds = new Map<number, number>();
  for (const pid of pids) {
    try {
      // fields after the command's closing parenthesis: utime and stime are the 12th and 13th
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
      seconds.set(pid, (Number(fields[11]) + Number(fields[12])) / 100);
    } catch {
      // not on this machine, or gone
    }
  }
  return seconds;
}

/** The CPU the backends spent between two readings (a connection opened meanwhile counts whole). */
function postgresSpent(before: Map<number, number>, after: Map<number, number>): string {
  if (!after.size) return '–';
  let spent = 0;
  for (const [pid, s] of after) spent += s - (before.get(pid) ?? 0);
  return `${spent.toFixed(1)} s`;
}

/** With BENCH_CPU_PROFILE, a CPU profile of this process from now until `stop`. */
async function startProfile() {
  const dir = process.env.BENCH_CPU_PROFILE;
  if (!dir) return null;
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  return {
    async stop(file: string) {
      const { profile } = await session.post('Profiler.stop');
      mkdirSync(dir, { recursive: true });
      writeFileSync(path.join(dir, `${file}.cpuprofile`), JSON.stringify(profile));
      session.disconnect();
    },
  };
}

async function main() {
  process.stderr.write(
    `starting the platform in-process (${process.env.DATABASE_URL ? 'PostgreSQL' : 'PGlite'}) …\n`,
  );
  const system = await startSystem({ env: { OUTBOX_INTERVAL_MS: '3600000', RATE_LIMIT_PER_MINUTE: '0' } });
  try {
    const db = system.subgraphs[Department.CIVIL_AFFAIRS].database.dataSource;
    const loading = performance.now();
    await load((sql, params) => db.query(sql, params));
    // what autovacuum would do on a live database (the keyset read's plan depends on the statistics); done
    // now, it does not run during the downloads
    await db.query('VACUUM ANALYZE');
    process.stderr.write(
      `loaded ${SUBJECTS} subjects in ${((performance.now() - loading) / 1000).toFixed(1)} s\n`,
    );
    const bearer = await token(Department.CIVIL_AFFAIRS, Role.STAFF, '310118');
    const base = system.gatewayUrl.replace(/\/graphql$/, '');
    const rows: string[][] = [];
    const backends = async () =>
      (
        await Promise.all(
          Object.values(system.subgraphs).map(
            (s) =>
              s.database.dataSource.query(
                "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND backend_type = 'client backend'",
              ) as Promise<Array<{ pid: number }>>,
          ),
        )
      ).flatMap((r) => r.map((x) => x.pid));
    for (const file of FILES) {
      const pgBefore = postgresCpu(await backends());
      // read again every second: a pooled connection idle for 10 s closes, taking its count along
      const pgLatest = new Map<number, number>();
      const sampling = setInterval(() => {
        backends()
          .then((pids) => postgresCpu(pids).forEach((v, pid) => pgLatest.set(pid, v)))
          .catch(() => undefined);
      }, 1000);
      const profiler = await startProfile();
      const cpuBefore = process.cpuUsage();
      const started = performance.now();
      const res = await fetch(`${base}/reports/${file}?region=310118&month=${MONTH}`, {
        headers: { authorization: `Bearer ${bearer}` },
      });
      let firstByte = 0;
      let bytes = 0;
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        if (!firstByte) firstByte = performance.now() - started;
        bytes += chunk.length;
      }
      const seconds = (performance.now() - started) / 1000;
      const cpu = process.cpuUsage(cpuBefore);
      await profiler?.stop(file);
      clearInterval(sampling);
      postgresCpu(await backends()).forEach((v, pid) => pgLatest.set(pid, v));
      const pg = pgLatest;
      rows.push([
        file,
        String(res.status),
        `${(bytes / 1024).toFixed(0)} KiB`,
        `${firstByte.toFixed(0)} ms`,
        `${seconds.toFixed(1)} s`,
        `${((cpu.user + cpu.system) / 1e6).toFixed(1)} s`,
        postgresSpent(pgBefore, pg),
        os.loadavg()[0].toFixed(1),
      ]);
    }
    const rss = (process.memoryUsage().rss / 1024 / 1024).toFixed(0);
    console.log(
      `\n${SUBJECTS} subjects in 310118 (one district), month ${MONTH}; whole system in one process, RSS ${rss} MiB\n`,
    );
    console.log('| file | status | size | first byte | total | node CPU | PostgreSQL CPU | load (1 min) |');
    console.log('|---|---|---|---|---|---|---|---|');
    for (const r of rows) console.log(`| ${r.join(' | ')} |`);
  } finally {
    await system.close();
  }
}

if (require.main === module)
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
