/**
 * Several gateway instances, and a gateway restart: every instance tails the same event log, so
 * clients of each instance hear of each event, and a client that reconnects with its last cursor
 * after a restart loses nothing.
 */
import { ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { Role } from '../../shared/auth';
import { Department } from '../../shared/departments';
import { buildSubject, rng } from '../fixtures/factories';
import { CONTRACT_DIR } from '../helpers/contract';
import { Platform, freePorts, startPlatform } from '../helpers/processes';
import { post, token } from '../helpers/system';
import { subscribe, wsClient } from '../helpers/ws';

const ROOT = path.resolve(__dirname, '../..');
const ALERTS = readFileSync(path.join(CONTRACT_DIR, 'alerts.graphql'), 'utf8');

async function startProcess(
  entry: string,
  env: Record<string, string | undefined>,
  readyUrl: string,
): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', entry], { cwd: ROOT, env, stdio: 'ignore' });
  for (let i = 0; i < 240; i++) {
    const ok = await fetch(readyUrl).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return child;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  child.kill('SIGKILL');
  throw new Error(`${entry} did not start`);
}

const startGateway = (env: Record<string, string | undefined>, port: number) =>
  startProcess(
    'gateway/src/index.ts',
    { ...env, GATEWAY_PORT: String(port) },
    `http://127.0.0.1:${port}/healthz`,
  );

const stop = (child: ChildProcess) =>
  new Promise<void>((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });

describe('more than one gateway, and a gateway restart', () => {
  let platform: Platform;
  let second: ChildProcess | undefined;
  let secondPort: number;
  const person = buildSubject(rng(12), '330381101009');

  const report = async (description: string) => {
    const { data, errors } = await post(
      platform.gatewayUrl,
      ALERTS,
      {
        input: {
          idNumber: person.idNumber,
          kind: 'DISASTER',
          occurredAt: new Date().toISOString(),
          description,
        },
      },
      await token(Department.CIVIL_AFFAIRS, Role.STAFF, '330381'),
      'ReportUrgentCase',
    );
    expect(errors).toBeUndefined();
    return data.reportUrgentCase.id as string;
  };

  beforeAll(async () => {
    platform = await startPlatform();
    const { errors } = await post(
      platform.gatewayUrl,
      `mutation($i: SubjectInput!) { registerSubject(input: $i) { id } }`,
      { i: person },
      await token(Department.CIVIL_AFFAIRS, Role.ADMIN),
    );
    expect(errors).toBeUndefined();
    [secondPort] = await freePorts(1);
    second = await startGateway(platform.env, secondPort);
  });
  afterAll(async () => {
    if (second) await stop(second);
    await platform?.stop();
  });

  it('delivers each event to the clients of both gateway instances', async () => {
    const dashboardToken = await token(Department.CIVIL_AFFAIRS, Role.DASHBOARD, '330381');
    const a = wsClient(platform.gatewayUrl, dashboardToken);
    const b = wsClient(`http://127.0.0.1:${secondPort}/graphql`, dashboardToken);
    try {
      const onA = subscribe(a, ALERTS, { regionCode: '330381', after: null }, 'UrgentCases');
      const onB = subscribe(b, ALERTS, { regionCode: '330381', after: null }, 'UrgentCases');
      await new Promise((resolve) => setTimeout(resolve, 700));
      const id = await report('暴雨倒房');
      expect((await onA.waitFor(1))[0].urgentCaseReported.case.id).toBe(id);
      expect((await onB.waitFor(1))[0].urgentCaseReported.case.id).toBe(id);
    } finally {
      await a.dispose();
      await b.dispose();
    }
  });

  it('loses nothing across a gateway restart: the client resumes from its last cursor', async () => {
    const dashboardToken = await token(Department.CIVIL_AFFAIRS, Role.DASHBOARD, '330381');
    const url = `http://127.0.0.1:${secondPort}/graphql`;
    const before = wsClient(url, dashboardToken);
    const sub = subscribe(before, ALERTS, { regionCode: '330381', after: null }, 'UrgentCases');
    await new Promise((resolve) => setTimeout(resolve, 700));
    await report('重启前');
    const [last] = await sub.waitFor(1);
    await before.dispose();
    await stop(second!);
    const whileDown = [await report('网关重启期间 1'), await report('网关重启期间 2')];
    second = await startGateway(platform.env, secondPort);
    const after = wsClient(url, dashboardToken);
    try {
      const resumed = subscribe(
        after,
        ALERTS,
        { regionCode: '330381', after: last.urgentCaseReported.cursor },
        'UrgentCases',
      );
      const events = await resumed.waitFor(2);
      expect(events.map((e) => e.urgentCaseReported.case.id)).toEqual(whileDown);
    } finally {
      await after.dispose();
    }
  });

  it('keeps delivering after civil affairs (the event log) restarts', async () => {
    const dashboard = wsClient(
      platform.gatewayUrl,
      await token(Department.CIVIL_AFFAIRS, Role.DASHBOARD, '330381'),
    );
    const sub = subscribe(dashboard, ALERTS, { regionCode: '330381', after: null }, 'UrgentCases');
    try {
      await new Promise((resolve) => setTimeout(resolve, 700));
      await stop(platform.system.children.get('civil-affairs')!);
      const port = platform.env.CIVIL_AFFAIRS_PORT;
      const restarted = await startProcess(
        'subgraphs/civil-affairs/src/index.ts',
        platform.env,
        `http://127.0.0.1:${port}/readyz`,
      );
      platform.system.children.set('civil-affairs', restarted);
      const id = await report('民政重启后');
      const [event] = await sub.waitFor(1, 15_000);
      expect(event.urgentCaseReported.case.id).toBe(id);
    } finally {
      await dashboard.dispose();
    }
  });
});
