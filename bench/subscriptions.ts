/**
 * npm run bench:subscriptions — 1,000 dashboards subscribe through the gateway (graphql-ws), one
 * urgent case is reported, and the table shows report → delivery latency (p50, p99, last) and the
 * gateway's memory. Six real processes; BENCH_CLIENTS changes the number of dashboards.
 */
import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Role } from '../shared/auth';
import { Department } from '../shared/departments';
import { buildDisability, buildSubject, rng } from '../tests/fixtures/factories';
import { CONTRACT_DIR } from '../tests/helpers/contract';
import { startPlatform } from '../tests/helpers/processes';
import { post, token } from '../tests/helpers/system';
import { subscribe, wsClient } from '../tests/helpers/ws';

const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 1000);
const ALERTS = readFileSync(path.join(CONTRACT_DIR, 'alerts.graphql'), 'utf8');

function rssMiB(pid: number | undefined): string {
  try {
    return (Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024).toFixed(0);
  } catch {
    return '?';
  }
}

async function main() {
  process.stderr.write('starting the six processes …\n');
  const platform = await startPlatform();
  const gatewayPid = platform.system.children.get('gateway')?.pid;
  try {
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
    const rssIdle = rssMiB(gatewayPid);

    process.stderr.write(`connecting ${CLIENTS} dashboards …\n`);
    const dashboard = await token(Department.CIVIL_AFFAIRS, Role.DASHBOARD, '330381');
    const clients = Array.from({ length: CLIENTS }, () => wsClient(platform.gatewayUrl, dashboard));
    const subs = clients.map((c) =>
      subscribe(c, ALERTS, { regionCode: '330381', after: null }, 'UrgentCases'),
    );
    await new Promise((resolve) => setTimeout(resolve, 3000));
    const rssConnected = rssMiB(gatewayPid);

    const deliveredAt: number[] = [];
    const started = performance.now();
    await Promise.all(
      subs
        .map((s) =>
          s.waitFor(1, 60_000).then(() => {
            deliveredAt.push(performance.now() - started);
          }),
        )
        .concat([
          post(
            platform.gatewayUrl,
            ALERTS,
            {
              input: {
                idNumber: person.idNumber,
                kind: 'FIRE',
                occurredAt: new Date().toISOString(),
                description: 'bench',
              },
            },
            await token(Department.CIVIL_AFFAIRS, Role.STAFF, '330381'),
            'ReportUrgentCase',
          ).then(() => undefined),
        ]),
    );
    deliveredAt.sort((a, b) => a - b);
    const p = (q: number) =>
      deliveredAt[Math.min(deliveredAt.length - 1, Math.floor(q * deliveredAt.length))].toFixed(0);
    const rows: Array<[string, string]> = [
      ['dashboards (graphql-ws)', String(CLIENTS)],
      ['delivered', `${deliveredAt.length} of ${CLIENTS}`],
      ['report → delivery p50', `${p(0.5)} ms`],
      ['report → delivery p99', `${p(0.99)} ms`],
      ['report → last delivery', `${deliveredAt[deliveredAt.length - 1].toFixed(0)} ms`],
      ['gateway RSS idle / connected / after', `${rssIdle} / ${rssConnected} / ${rssMiB(gatewayPid)} MiB`],
      ['event delivery', 'long poll of the event log, woken at commit'],
    ];
    const width = Math.max(...rows.map((x) => x[0].length));
    console.log(`\n| ${'measure'.padEnd(width)} | value |\n|${'-'.repeat(width + 2)}|-------|`);
    for (const [k, v] of rows) console.log(`| ${k.padEnd(width)} | ${v} |`);
    await Promise.all(clients.map((c) => c.dispose()));
  } finally {
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
