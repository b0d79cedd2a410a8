/**
 * npm run bench:subscriptions — 10,000 dashboards subscribe through two gateway instances
 * (graphql-ws, half on each, as behind a load balancer), one urgent case is reported, and the table
 * shows report → delivery latency (p50, p99, last) and each gateway's memory. Seven real processes
 * (five subgraphs, two gateways). A first report is the barrier that proves every subscription is
 * live; the second one is measured.
 *   BENCH_CLIENTS=10000 BENCH_GATEWAYS=2 npm run bench:subscriptions
 * BENCH_GATEWAY_NODE_OPTIONS (e.g. `--require <a script that starts the inspector profiler>` or
 * `--heapsnapshot-signal=SIGUSR2`) is given to the second gateway instance only, to profile one.
 */
import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Role, signToken } from '../shared/auth';
import { Department } from '../shared/departments';
import { buildDisability, buildSubject, rng } from '../tests/fixtures/factories';
import { CONTRACT_DIR } from '../tests/helpers/contract';
import { processSpecs, startProcesses, waitUntilReady } from '../scripts/processes';
import { freePorts, startPlatform } from '../tests/helpers/processes';
import { AUTH, post, token } from '../tests/helpers/system';
import { subscribe, wsClient } from '../tests/helpers/ws';

const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 10_000);
const GATEWAYS = Number(process.env.BENCH_GATEWAYS ?? 2);
/**
 * distinct dashboard accounts, the dashboards spread over them round robin: each gateway runs one
 * payload query per event for each account (its read is audited as that user's), so 1 is the best
 * case and BENCH_CLIENTS the worst
 */
const USERS = Math.max(1, Number(process.env.BENCH_USERS ?? 1));
/** connections opened at a time (each waits for its connection_ack) */
const CONNECT_BATCH = 250;
const ALERTS = readFileSync(path.join(CONTRACT_DIR, 'alerts.graphql'), 'utf8');

/** user + system CPU seconds a process has used so far (/proc/<pid>/stat, clock ticks of 10 ms) */
function cpuSeconds(pid: number | undefined): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return NaN;
  }
}

const load = () => loadavg()[0].toFixed(2);

function rssMiB(pid: number | undefined): string {
  try {
    return (Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024).toFixed(0);
  } catch {
    return '?';
  }
}

async function main() {
  process.stderr.write(`starting five subgraphs and ${GATEWAYS} gateways …\n`);
  // thousands of connection_inits arrive at once: give each more than the default 3 s to be answered
  const platform = await startPlatform({ env: { WS_INIT_TIMEOUT_MS: '60000' } });
  const extra: Array<{ system: ReturnType<typeof startProcesses>; url: string }> = [];
  const gateways = [{ url: platform.gatewayUrl, pid: () => platform.system.children.get('gateway')?.pid }];
  const rssAll = () => gateways.map((g) => rssMiB(g.pid())).join(' + ');
  const cpuAll = () => gateways.map((g) => cpuSeconds(g.pid()));
  const cpuSince = (before: number[]) =>
    cpuAll()
      .map((c, i) => (c - before[i]).toFixed(2))
      .join(' + ');
  const loads: string[] = [load()];
  try {
    extra.push(
      ...(await Promise.all(
        Array.from({ length: GATEWAYS - 1 }, async () => {
          const [port] = await freePorts(1);
          const env = {
            ...platform.env,
            GATEWAY_PORT: String(port),
            NODE_OPTIONS: process.env.BENCH_GATEWAY_NODE_OPTIONS ?? '',
          };
          const specs = processSpecs(env).filter((s) => s.name === 'gateway');
          const system = startProcesses(specs, env, () => {});
          await waitUntilReady(specs, 120_000, undefined, system.exited);
          return { system, url: `http://127.0.0.1:${port}/graphql` };
        }),
      )),
    );
    gateways.push(...extra.map((g) => ({ url: g.url, pid: () => g.system.children.get('gateway')?.pid })));
    const r = rng(5);
    const person = buildSubject(r, '330381101009');
    const admin = await token(Department.CIVIL_AFFAIRS, Role.ADMIN);
    await post(
      platform.gatewayUrl,
      `mutation($i: SubjectInput!) { registerSubject(input: $i) { id } }`,
      { i: person },
      admin,
    );
    await post(
      platform.gatewayUrl,
      `mutation($i: DisabilityInput!) { recordDisability(input: $i) { grade } }`,
      { i: buildDisability(r, person.idNumber) },
      await token(Department.DISABILITY, Role.ADMIN),
    );
    const rssIdle = rssAll();
    const cpuIdle = cpuAll();

    process.stderr.write(`connecting ${CLIENTS} dashboards over ${GATEWAYS} gateways …\n`);
    const dashboards = await Promise.all(
      Array.from({ length: USERS }, (_, u) =>
        signToken(
          {
            user: `bench-dashboard-${u}`,
            department: Department.CIVIL_AFFAIRS,
            role: Role.DASHBOARD,
            region: '330381',
          },
          AUTH,
        ),
      ),
    );
    const clients: ReturnType<typeof wsClient>[] = [];
    const subs: ReturnType<typeof subscribe>[] = [];
    for (let i = 0; i < CLIENTS; i += CONNECT_BATCH) {
      const batch = Array.from({ length: Math.min(CONNECT_BATCH, CLIENTS - i) }, (_, j) =>
        wsClient(gateways[(i + j) % gateways.length].url, dashboards[(i + j) % USERS]),
      );
      await Promise.all(batch.map((c) => new Promise((resolve) => c.on('connected', resolve))));
      clients.push(...batch);
      subs.push(
        ...batch.map((c) => subscribe(c, ALERTS, { regionCode: '330381', after: null }, 'UrgentCases')),
      );
    }
    const staff = await token(Department.CIVIL_AFFAIRS, Role.STAFF, '330381');
    const report = (description: string) =>
      post(
        platform.gatewayUrl,
        ALERTS,
        {
          input: {
            idNumber: person.idNumber,
            kind: 'FIRE',
            occurredAt: new Date().toISOString(),
            description,
          },
        },
        staff,
        'ReportUrgentCase',
      ).then((res) => {
        if (res.errors) throw new Error(res.errors[0].message);
      });
    // the barrier: every dashboard has received a first report, so every subscription is live
    process.stderr.write('first report: waiting until every dashboard has it …\n');
    await Promise.all([report('bench: barrier'), ...subs.map((s) => s.waitFor(1, 300_000))]);
    const rssConnected = rssAll();
    const cpuConnect = cpuSince(cpuIdle);
    loads.push(load());

    process.stderr.write('second report: measured …\n');
    const deliveredAt: number[] = [];
    const cpuBefore = cpuAll();
    const clientCpuBefore = process.cpuUsage();
    const started = performance.now();
    let reported = NaN;
    await Promise.all([
      report('bench: measured').then(() => (reported = performance.now() - started)),
      ...subs.map((s) =>
        s.waitFor(2, 120_000).then(() => {
          deliveredAt.push(performance.now() - started);
        }),
      ),
    ]);
    const cpuDelivery = cpuSince(cpuBefore);
    const clientCpu = process.cpuUsage(clientCpuBefore);
    loads.push(load());
    deliveredAt.sort((a, b) => a - b);
    const p = (q: number) =>
      deliveredAt[Math.min(deliveredAt.length - 1, Math.floor(q * deliveredAt.length))].toFixed(0);
    const rows: Array<[string, string]> = [
      ['dashboards (graphql-ws)', `${CLIENTS} over ${GATEWAYS} gateway instances, ${USERS} account(s)`],
      ['delivered', `${deliveredAt.length} of ${CLIENTS}`],
      ['report mutation round trip', `${reported.toFixed(0)} ms`],
      ['report → delivery p50', `${p(0.5)} ms`],
      ['report → delivery p99', `${p(0.99)} ms`],
      ['report → last delivery', `${deliveredAt[deliveredAt.length - 1].toFixed(0)} ms`],
      ['gateway RSS idle / connected / after (each)', `${rssIdle} / ${rssConnected} / ${rssAll()} MiB`],
      ['gateway CPU connecting + barrier / measured delivery (each)', `${cpuConnect} / ${cpuDelivery} s`],
      ['bench client CPU, measured delivery', `${((clientCpu.user + clientCpu.system) / 1e6).toFixed(2)} s`],
      ['load average (1 min) start / connected / end', loads.join(' / ')],
      ['event delivery', 'long poll of the event log, woken at commit'],
    ];
    const width = Math.max(...rows.map((x) => x[0].length));
    console.log(`\n| ${'measure'.padEnd(width)} | value |\n|${'-'.repeat(width + 2)}|-------|`);
    for (const [k, v] of rows) console.log(`| ${k.padEnd(width)} | ${v} |`);
    await Promise.all(clients.map((c) => c.dispose()));
  } finally {
    await Promise.all(extra.map((g) => g.system.stop()));
    await platform.stop();
  }
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
