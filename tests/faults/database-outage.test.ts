/**
 * PostgreSQL stopped under load and started again (a server of this suite's own: the shared one is
 * never touched). While it is down every request is answered within the gateway's subgraph timeout
 * with SERVICE_UNAVAILABLE or DEPARTMENT_UNAVAILABLE, never a 5xx or a hang; when it is back the six
 * processes — none restarted — reconnect by themselves, the outboxes deliver what waited, and a
 * dashboard holds every urgent case of the log exactly once.
 */
import { Client } from 'pg';
import { Role } from '../../shared/auth';
import { DEPARTMENTS, Department } from '../../shared/departments';
import { processSpecs } from '../../scripts/processes';
import { buildSubject, rng } from '../fixtures/factories';
import { Platform, startPlatform } from '../helpers/processes';
import { post, token } from '../helpers/system';
import { Dashboard, compare } from './dashboard';
import { LOOKUP, recordFault, sleep, waitForStatus } from './faults';
import { ScratchPostgres, startScratchPostgres } from './scratch-postgres';

const VILLAGE = '330381101009';
const SUBGRAPH_TIMEOUT_MS = 3000;
const ANSWERS = new Set(['SERVICE_UNAVAILABLE', 'DEPARTMENT_UNAVAILABLE']);
/**
 * A write that committed just before the database stopped, whose audit row then could not be
 * written, answers the change with AUDIT_NOT_RECORDED (shared/audit-plugin.ts): made, and said so.
 */
const madeWithoutAudit = (o: { kind: string; codes: string[]; data?: any }) =>
  o.kind !== 'lookup' &&
  o.codes.length > 0 &&
  o.codes.every((c) => c === 'AUDIT_NOT_RECORDED') &&
  Object.values(o.data ?? {}).some((v) => v != null);

interface Outcome {
  kind: 'lookup' | 'disability' | 'urgent';
  started: number;
  ms: number;
  status: number;
  codes: string[];
  messages: string[];
  data?: any;
  idNumber?: string;
}

describe('PostgreSQL down, then up', () => {
  let postgres: ScratchPostgres;
  let platform: Platform;
  const people = Array.from({ length: 3 }, (_, i) => buildSubject(rng(300 + i), VILLAGE));
  const pool = Array.from({ length: 120 }, (_, i) => buildSubject(rng(3000 + i), VILLAGE));
  const sql = async (department: Department, text: string, params: unknown[] = []) => {
    const prefix = DEPARTMENTS.find((d) => d.department === department)!.envPrefix;
    const client = new Client({ connectionString: platform.env[`${prefix}_DATABASE_URL`] });
    await client.connect();
    try {
      return (await client.query(text, params)).rows;
    } finally {
      await client.end();
    }
  };

  beforeAll(async () => {
    postgres = await startScratchPostgres();
    platform = await startPlatform({
      databaseServer: postgres.url,
      env: { LOG_LEVEL: 'error', SUBGRAPH_TIMEOUT_MS: String(SUBGRAPH_TIMEOUT_MS) },
    });
    const civil = await token(Department.CIVIL_AFFAIRS, Role.STAFF, '330381');
    const disability = await token(Department.DISABILITY, Role.STAFF, '330381');
    for (const person of [...people, ...pool]) {
      const { errors } = await post(
        platform.gatewayUrl,
        `mutation($i: SubjectInput!) { registerSubject(input: $i) { id } }`,
        { i: person },
        civil,
      );
      expect(errors).toBeUndefined();
    }
    for (const person of people) {
      const { errors } = await post(
        platform.gatewayUrl,
        `mutation($i: DisabilityInput!) { recordDisability(input: $i) { grade } }`,
        {
          i: {
            idNumber: person.idNumber,
            certificateNumber: `${person.idNumber}42`,
            category: 'PHYSICAL',
            grade: 2,
          },
        },
        disability,
      );
      expect(errors).toBeUndefined();
    }
  });
  afterAll(async () => {
    await platform?.stop();
    postgres?.destroy();
  });

  it('fails fast while it is down; reconnects, catches up, loses and doubles nothing once it is up', async () => {
    const [{ cursor: head }] = await sql(
      Department.CIVIL_AFFAIRS,
      `SELECT COALESCE(max(cursor), 0)::text AS cursor FROM events`,
    );
    const dashboard = new Dashboard(
      platform.gatewayUrl,
      await token(Department.CIVIL_AFFAIRS, Role.DASHBOARD, '330381'),
      '330381',
      head,
    );
    const tokens = {
      civil: await token(Department.CIVIL_AFFAIRS, Role.STAFF, '330381'),
      disability: await token(Department.DISABILITY, Role.STAFF, '330381'),
    };
    const outcomes: Outcome[] = [];
    let running = true;
    const send = async (
      kind: Outcome['kind'],
      query: string,
      variables: object,
      bearer: string,
      idNumber?: string,
    ) => {
      const started = Date.now();
      const res = await post(platform.gatewayUrl, query, variables, bearer).catch(() => ({
        status: 0,
        data: undefined,
        errors: undefined,
      }));
      outcomes.push({
        kind,
        started,
        ms: Date.now() - started,
        status: res.status,
        codes: (res.errors ?? []).map((e) => String(e.extensions?.code)),
        messages: (res.errors ?? []).map((e) => e.message),
        data: res.data,
        idNumber,
      });
    };
    const loops = [
      ...Array.from({ length: 3 }, async (_, c) => {
        for (let n = 0; running; n++)
          await send('lookup', LOOKUP, { idNumber: people[(c + n) % people.length].idNumber }, tokens.civil);
      }),
      (async () => {
        for (let n = 0; running; n++) {
          await send(
            'urgent',
            `mutation($i: UrgentCaseInput!) { reportUrgentCase(input: $i) { id } }`,
            {
              i: {
                idNumber: people[n % people.length].idNumber,
                kind: 'FIRE',
                occurredAt: new Date().toISOString(),
                description: `住房失火 ${n}`,
              },
            },
            tokens.civil,
          );
          await sleep(200);
        }
      })(),
      (async () => {
        while (running) {
          const person = pool.shift();
          if (!person) return;
          await send(
            'disability',
            `mutation($i: DisabilityInput!) { recordDisability(input: $i) { grade } }`,
            {
              i: {
                idNumber: person.idNumber,
                certificateNumber: `${person.idNumber}42`,
                category: 'PHYSICAL',
                grade: 2,
              },
            },
            tokens.disability,
            person.idNumber,
          );
          await sleep(100);
        }
      })(),
    ];

    await sleep(2000);
    postgres.stop();
    const stopped = Date.now();
    await sleep(6000);
    const upAt = Date.now();
    postgres.start();
    // the processes are the ones started at first: they reconnect, nobody restarts them
    const specs = processSpecs(platform.env);
    await Promise.all(specs.map((s) => waitForStatus(s.readyUrl.replace(/healthz$/, 'readyz'), 200, 60_000)));
    const recoveredMs = Date.now() - upAt;
    await sleep(3000);
    running = false;
    await Promise.all(loops);

    // outboxes deliver what waited (a partner's facts reach civil affairs)
    const deadline = Date.now() + 60_000;
    const pending = async () => {
      let total = 0;
      for (const d of DEPARTMENTS)
        total += (
          await sql(d.department, `SELECT count(*)::int AS n FROM outbox WHERE delivered_at IS NULL`)
        )[0].n;
      return total;
    };
    while ((await pending()) > 0 && Date.now() < deadline) await sleep(500);
    const { rows: logged } = await (async () => ({
      rows: await sql(
        Department.CIVIL_AFFAIRS,
        `SELECT cursor::text AS cursor, entity_id AS id FROM events WHERE kind = 'URGENT_CASE' AND events.cursor > $1 ORDER BY events.cursor`,
        [head],
      ),
    }))();
    while (compare(dashboard, logged).lost > 0 && Date.now() < deadline) await sleep(500);
    const events = compare(dashboard, logged);
    await dashboard.stop();

    const during = outcomes.filter((o) => o.started >= stopped && o.started + o.ms <= upAt);
    const fivexx = outcomes.filter((o) => o.status >= 500 || o.status === 0);
    const strays = outcomes.filter((o) => !madeWithoutAudit(o) && o.codes.some((c) => !ANSWERS.has(c)));
    // every write that was made, with its audit row or without, reaches civil affairs as facts
    const recorded = outcomes.filter(
      (o) => o.kind === 'disability' && (o.codes.length === 0 || madeWithoutAudit(o)),
    );
    const facts = await sql(
      Department.CIVIL_AFFAIRS,
      `SELECT id_number FROM partner_facts WHERE department = 'DISABILITY' AND id_number = ANY($1)`,
      [recorded.map((o) => o.idNumber)],
    );
    const acknowledgedCases = outcomes.filter((o) => o.kind === 'urgent' && o.data?.reportUrgentCase?.id);
    recordFault({
      fault: 'PostgreSQL stopped 6 s, started',
      requests: outcomes.length,
      complete: outcomes.filter((o) => !o.codes.length && o.status === 200).length,
      partial: outcomes.filter((o) => o.codes.length).length,
      fivexx: fivexx.length,
      other: strays.length,
      lost: events.lost + (recorded.length - facts.length),
      doubled: events.doubled,
      recoveredMs,
      slowestFailMs: Math.max(0, ...during.map((o) => o.ms)),
    });

    expect(during.length).toBeGreaterThan(5);
    for (const o of during) expect(o.codes.length).toBeGreaterThan(0);
    expect(Math.max(...during.map((o) => o.ms))).toBeLessThan(SUBGRAPH_TIMEOUT_MS + 1500);
    expect(fivexx).toEqual([]);
    expect({
      strays: strays.map((o) => ({ kind: o.kind, codes: o.codes, messages: o.messages })),
      log: platform.output.filter((l) => /unexpected error/.test(l)),
    }).toEqual({ strays: [], log: [] });
    for (const spec of specs) expect(platform.system.children.get(spec.name)!.exitCode).toBeNull();
    expect(await pending()).toBe(0);
    expect(facts.length).toBe(recorded.length);
    expect(acknowledgedCases.length).toBeGreaterThan(3);
    expect(events).toEqual({ lost: 0, doubled: 0, inOrder: true });
    expect(dashboard.received.map((r) => r.id)).toEqual(logged.map((e: { id: string }) => e.id));
    // whole answers again, without a restart
    const last = outcomes.filter((o) => o.kind === 'lookup').pop()!;
    expect(last.codes).toEqual([]);
    expect(last.data.subjectByIdNumber.disability.grade).toBe(2);
  });
});
