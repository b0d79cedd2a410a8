/**
 * 100 dashboards subscribed to a county's urgent cases while cases are reported, and the gateway
 * and then each subgraph killed (SIGKILL) and started again by the supervisor: a dashboard whose
 * socket closes subscribes again with `after`, and in the end every dashboard holds every case of
 * the event log exactly once, in the log's order.
 */
import { Client } from 'pg';
import { Role } from '../../shared/auth';
import { DEPARTMENTS, Department } from '../../shared/departments';
import { processSpecs } from '../../scripts/processes';
import { buildSubject, rng } from '../fixtures/factories';
import { Platform, startPlatform } from '../helpers/processes';
import { post, token } from '../helpers/system';
import { Dashboard, compare } from './dashboard';
import { recordFault, sleep, waitForStatus } from './faults';

const DASHBOARDS = 100;

describe('dashboards across restarts', () => {
  if (!process.env.DATABASE_URL) throw new Error('the fault suite reads the event log: set DATABASE_URL');
  let platform: Platform;
  let civilAffairs: Client;
  const people = Array.from({ length: 3 }, (_, i) => buildSubject(rng(700 + i), '330381101009'));

  beforeAll(async () => {
    platform = await startPlatform({ env: { LOG_LEVEL: 'warn' } });
    platform.system.supervise(() => {}, { firstMs: 1000 });
    civilAffairs = new Client({ connectionString: platform.env.CIVIL_AFFAIRS_DATABASE_URL });
    await civilAffairs.connect();
    const staff = await token(Department.CIVIL_AFFAIRS, Role.STAFF, '330381');
    for (const person of people) {
      const { errors } = await post(
        platform.gatewayUrl,
        `mutation($i: SubjectInput!) { registerSubject(input: $i) { id } }`,
        { i: person },
        staff,
      );
      expect(errors).toBeUndefined();
    }
  });
  afterAll(async () => {
    await civilAffairs?.end();
    await platform?.stop();
  });

  it('every dashboard holds every case exactly once, in order, after the gateway and each subgraph restart', async () => {
    const { rows: head } = await civilAffairs.query(
      `SELECT COALESCE(max(cursor), 0)::text AS cursor FROM events`,
    );
    const dashboardToken = await token(Department.CIVIL_AFFAIRS, Role.DASHBOARD, '330381');
    const dashboards = Array.from(
      { length: DASHBOARDS },
      () => new Dashboard(platform.gatewayUrl, dashboardToken, '330381', head[0].cursor),
    );
    const reporter = await token(Department.CIVIL_AFFAIRS, Role.STAFF, '330381');
    const reports: Array<{ status: number; id?: string; codes: string[] }> = [];
    let running = true;
    const reporting = (async () => {
      for (let n = 0; running; n++) {
        const outcome = await post(
          platform.gatewayUrl,
          `mutation($i: UrgentCaseInput!) { reportUrgentCase(input: $i) { id } }`,
          {
            i: {
              idNumber: people[n % people.length].idNumber,
              kind: 'FIRE',
              occurredAt: new Date().toISOString(),
              description: `住房失火 ${n}`,
            },
          },
          reporter,
        ).catch(() => ({ status: 0, data: undefined, errors: undefined }));
        reports.push({
          status: outcome.status,
          id: outcome.data?.reportUrgentCase?.id,
          codes: (outcome.errors ?? []).map((e) => String(e.extensions?.code)),
        });
        await sleep(250);
      }
    })();

    const specs = processSpecs(platform.env);
    // the gateway, civil affairs (the event log), then the four partners at once (each answers a
    // part of every case's payload)
    const rounds = [['gateway'], ['civil-affairs'], DEPARTMENTS.slice(1).map((d) => d.subgraph)];
    await sleep(2000);
    const started = Date.now();
    for (const names of rounds) {
      await Promise.all(
        names.map(async (name) => {
          const spec = specs.find((s) => s.name === name)!;
          platform.system.children.get(name)!.kill('SIGKILL');
          await waitForStatus(spec.readyUrl, 0, 10_000);
          await waitForStatus(spec.readyUrl, 200, 90_000);
        }),
      );
      await sleep(1500);
    }
    const restartsMs = Date.now() - started;
    running = false;
    await reporting;

    const { rows: logged } = await civilAffairs.query(
      `SELECT cursor::text AS cursor, entity_id AS id FROM events WHERE kind = 'URGENT_CASE' AND events.cursor > $1 ORDER BY events.cursor`,
      [head[0].cursor],
    );
    // every dashboard catches up (a last reconnect may still be replaying)
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline && dashboards.some((d) => compare(d, logged).lost > 0)) await sleep(500);
    const results = dashboards.map((d) => compare(d, logged));
    await Promise.all(dashboards.map((d) => d.stop()));

    const acknowledged = reports.filter((r) => r.id).map((r) => r.id!);
    const inLog = new Set(logged.map((e: { id: string }) => e.id));
    recordFault({
      fault: `restart gateway + 5 subgraphs, ${DASHBOARDS} dashboards`,
      requests: reports.length,
      complete: acknowledged.length,
      partial: reports.filter((r) => r.codes.length).length,
      fivexx: reports.filter((r) => r.status >= 500).length,
      other: reports.filter((r) => r.codes.some((c) => c !== 'DEPARTMENT_UNAVAILABLE')).length,
      lost: results.reduce((n, r) => n + r.lost, 0),
      doubled: results.reduce((n, r) => n + r.doubled, 0),
      recoveredMs: restartsMs,
    });

    expect(acknowledged.length).toBeGreaterThan(10);
    for (const id of acknowledged) expect(inLog.has(id)).toBe(true);
    expect(reports.filter((r) => r.status >= 500)).toEqual([]);
    expect(reports.filter((r) => r.codes.some((c) => c !== 'DEPARTMENT_UNAVAILABLE'))).toEqual([]);
    expect(dashboards.every((d) => d.reconnects > 0)).toBe(true);
    for (const [i, result] of results.entries()) {
      expect({ dashboard: i, ...result }).toEqual({ dashboard: i, lost: 0, doubled: 0, inOrder: true });
      expect(dashboards[i].received.map((r) => r.id)).toEqual(logged.map((e: { id: string }) => e.id));
    }
  });
});
