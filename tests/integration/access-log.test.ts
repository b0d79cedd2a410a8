/**
 * A person's own view of who read or changed their data (contract audit.graphql `MyAccessLog`): each
 * partner ships the entries of its audit log that name a person to civil affairs, which answers a
 * CITIZEN token from its own log and that mirror — which department, in what role, which fields,
 * when; never who.
 */
import { Role, ServiceCredential, signCitizenToken } from '../../shared/auth';
import { Department } from '../../shared/departments';
import { log } from '../../shared/logging';
import { buildSubject, rng } from '../fixtures/factories';
import { registerWithRecords } from '../helpers/records';
import { AUTH, TestSystem, post, startSystem } from '../helpers/system';

const MY_LOG = `query MyAccessLog($since: String) {
  myAccessLog(since: $since) { at department role operation kind fields recordedBy }
}`;
const lookup = (name: string) => `query ${name}($id: String!) {
  subjectByIdNumber(idNumber: $id) {
    name
    disability { grade category }
    medical { majorIllness outOfPocketLast12Months }
  }
}`;

interface Entry {
  at: string;
  department: string;
  role: string;
  operation: string;
  kind: string;
  fields: string[];
  recordedBy: string;
}

describe("a person's own access log (myAccessLog, CITIZEN token)", () => {
  let system: TestSystem;
  const r = rng(960);
  const person = buildSubject(r, '330381101009', { residenceRegionCode: '330381101009' });
  const other = buildSubject(r, '330381101009', { residenceRegionCode: '330381101009' });
  const window = () => system.as(Department.CIVIL_AFFAIRS, Role.WINDOW, '330381');
  const asCitizen = async (idNumber: string, query: string, variables: unknown = {}) =>
    post(system.gatewayUrl, query, variables, await signCitizenToken(idNumber, AUTH));
  const myLog = async (idNumber: string, since?: string): Promise<Entry[]> => {
    const { data, errors } = await asCitizen(idNumber, MY_LOG, { since });
    expect(errors).toBeUndefined();
    return data.myAccessLog;
  };
  const db = (department: Department) => system.subgraphs[department].database.dataSource;
  const shipper = (department: Department) => system.subgraphs[department].server.services.kit.accessLog;
  const mirrored = async (): Promise<number> =>
    (await db(Department.CIVIL_AFFAIRS).query(`SELECT count(*)::int AS n FROM access_log`))[0].n;
  const cursor = async (department: Department): Promise<string> =>
    (await db(department).query(`SELECT last_seq::text AS s FROM access_log_shipped`))[0].s;

  beforeAll(async () => {
    // no background shipping: the tests ship when they say so (system.settle, shipper.ship)
    system = await startSystem({ env: { OUTBOX_INTERVAL_MS: '3600000' } });
    for (const p of [person, other]) {
      await registerWithRecords(system, p);
    }
    const { errors } = await window()(lookup('WindowLookup'), { id: person.idNumber }, 'WindowLookup');
    expect(errors).toBeUndefined();
    await system.settle();
  });
  afterAll(() => system?.close());

  it("shows the person a window's lookup of their medical and disability records: department, role and fields", async () => {
    const reads = (await myLog(person.idNumber)).filter((e) => e.operation === 'WindowLookup');
    const by = (d: Department) => reads.filter((e) => e.recordedBy === d);
    expect(by(Department.HEALTH)).toEqual([
      expect.objectContaining({
        department: 'CIVIL_AFFAIRS',
        role: 'WINDOW',
        kind: 'READ',
        fields: ['medical.majorIllness', 'medical.outOfPocketLast12Months'],
      }),
    ]);
    expect(by(Department.DISABILITY)).toEqual([
      expect.objectContaining({
        department: 'CIVIL_AFFAIRS',
        role: 'WINDOW',
        kind: 'READ',
        fields: ['disability.category', 'disability.grade'],
      }),
    ]);
  });

  it("shows the changes to the person's records, newest first, and never who made them", async () => {
    const entries = await myLog(person.idNumber);
    expect(entries).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          operation: 'recordDisability',
          kind: 'WRITE',
          department: 'DISABILITY',
          role: 'STAFF',
          recordedBy: 'DISABILITY',
        }),
        expect.objectContaining({ operation: 'registerSubject', kind: 'WRITE', recordedBy: 'CIVIL_AFFAIRS' }),
      ]),
    );
    const times = entries.map((e) => e.at);
    expect(times).toEqual([...times].sort().reverse());
    // the test tokens' users are `test-<department>-<role>`; services are `service:<department>:…`
    expect(JSON.stringify(entries)).not.toMatch(/test-|service:/);
  });

  it("shows a department's system acting on its own as role SERVICE", async () => {
    // the disability federation asked the registry about the person before writing its record
    expect(await myLog(person.idNumber)).toContainEqual(
      expect.objectContaining({
        department: 'DISABILITY',
        role: 'SERVICE',
        kind: 'READ',
        recordedBy: 'CIVIL_AFFAIRS',
        fields: ['idNumber'],
      }),
    );
  });

  it("shows another person none of the first person's entries", async () => {
    const entries = await myLog(other.idNumber);
    expect(entries.length).toBeGreaterThan(0); // their own registration and records
    expect(entries.filter((e) => e.operation === 'WindowLookup')).toEqual([]);
  });

  it('reads from `since` on, and refuses a since that is not a date, naming it', async () => {
    expect(await myLog(person.idNumber, '2999-01-01')).toEqual([]);
    const { data, errors } = await asCitizen(person.idNumber, MY_LOG, { since: 'yesterday' });
    expect(data).toBeNull();
    expect(errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'since' });
  });

  it('refuses a citizen token everything else: subjectByIdNumber and auditTrail are FORBIDDEN', async () => {
    const lookedUp = await asCitizen(
      person.idNumber,
      `query($id: String!) { subjectByIdNumber(idNumber: $id) { name } }`,
      {
        id: person.idNumber,
      },
    );
    expect(lookedUp.errors![0].extensions).toMatchObject({ code: 'FORBIDDEN' });
    expect(lookedUp.data?.subjectByIdNumber ?? null).toBeNull();
    const trail = await asCitizen(
      person.idNumber,
      `query($id: String!) { auditTrail(idNumber: $id) { entries { user } } }`,
      { id: person.idNumber },
    );
    expect(trail.errors![0].extensions).toMatchObject({ code: 'FORBIDDEN' });
    expect(trail.data?.auditTrail ?? null).toBeNull();
  });

  it('is not itself recorded: a person reading their own log is not staff reading their data', async () => {
    const rows = async (): Promise<number> =>
      (await db(Department.CIVIL_AFFAIRS).query(`SELECT count(*)::int AS n FROM audit_log`))[0].n;
    const before = await rows();
    await myLog(person.idNumber);
    expect(await rows()).toBe(before);
  });

  it('offers no field that names who read the data', async () => {
    const { errors } = await asCitizen(person.idNumber, `{ myAccessLog { at user } }`);
    expect(errors![0].extensions).toMatchObject({ code: 'GRAPHQL_VALIDATION_FAILED' });
  });

  it('keeps each entry once when a partner ships the same entries again', async () => {
    const before = await mirrored();
    // as after a failure between civil affairs storing a batch and the partner moving its cursor
    await db(Department.HEALTH).query(`UPDATE access_log_shipped SET last_seq = 0`);
    const again = await shipper(Department.HEALTH).ship();
    expect(again.sent).toBeGreaterThan(0);
    expect(again.stored).toBe(0);
    expect(await mirrored()).toBe(before);
    expect(await shipper(Department.HEALTH).ship()).toEqual({ sent: 0, stored: 0 });
    const reads = (await myLog(person.idNumber)).filter(
      (e) => e.operation === 'WindowLookup' && e.recordedBy === 'HEALTH',
    );
    expect(reads).toHaveLength(1);
  });

  it('ships nothing while civil affairs is down and everything, once, when it is back', async () => {
    const { errors } = await window()(lookup('SecondLookup'), { id: person.idNumber }, 'SecondLookup');
    expect(errors).toBeUndefined();
    const at = await cursor(Department.HEALTH);
    await system.stopSubgraph(Department.CIVIL_AFFAIRS);
    try {
      await expect(shipper(Department.HEALTH).ship()).rejects.toMatchObject({
        code: 'DEPARTMENT_UNAVAILABLE',
      });
      expect(await cursor(Department.HEALTH)).toBe(at);
    } finally {
      await system.restartSubgraph(Department.CIVIL_AFFAIRS);
    }
    expect((await shipper(Department.HEALTH).ship()).stored).toBe(1);
    expect(BigInt(await cursor(Department.HEALTH))).toBeGreaterThan(BigInt(at));
    await system.settle();
    const second = (await myLog(person.idNumber)).filter((e) => e.operation === 'SecondLookup');
    expect(second.map((e) => e.recordedBy).sort()).toEqual(['DISABILITY', 'HEALTH']);
  });

  it('backs off in the background while civil affairs is down, says so once, and resumes', async () => {
    const { errors } = await window()(lookup('ThirdLookup'), { id: person.idNumber }, 'ThirdLookup');
    expect(errors).toBeUndefined();
    const health = shipper(Department.HEALTH);
    const attempts = jest.spyOn(health, 'ship');
    const warned = jest.spyOn(log, 'warn');
    const resumed = jest.spyOn(log, 'info');
    await system.stopSubgraph(Department.CIVIL_AFFAIRS);
    const stop = health.start(20);
    try {
      await new Promise((resolve) => setTimeout(resolve, 600));
      // every 20 ms without back-off: about 30 attempts; doubling from 40 ms: about 4
      expect(attempts.mock.calls.length).toBeGreaterThanOrEqual(2);
      expect(attempts.mock.calls.length).toBeLessThanOrEqual(8);
      expect(warned.mock.calls.filter(([m]) => m.startsWith('access log:'))).toHaveLength(1);
      await system.restartSubgraph(Department.CIVIL_AFFAIRS);
      const until = Date.now() + 5000;
      while (!resumed.mock.calls.some(([m]) => m.startsWith('access log:')) && Date.now() < until)
        await new Promise((resolve) => setTimeout(resolve, 50));
      expect(resumed.mock.calls.filter(([m]) => m.startsWith('access log:'))).toHaveLength(1);
    } finally {
      await stop();
      attempts.mockRestore();
      warned.mockRestore();
      resumed.mockRestore();
    }
    const third = (await myLog(person.idNumber)).filter((e) => e.operation === 'ThirdLookup');
    expect(third.map((e) => e.recordedBy)).toContain('HEALTH');
  });

  describe('recordAccessLog (internal)', () => {
    const entry = (overrides: Record<string, unknown> = {}) => ({
      seq: '900000',
      at: new Date().toISOString(),
      department: 'HEALTH',
      role: 'STAFF',
      operation: 'recordMedical',
      kind: 'WRITE',
      subjectIdNumber: person.idNumber,
      fields: ['majorIllness'],
      ...overrides,
    });
    const send = async (service: Department, department: Department, entries: unknown[]) => {
      const credential = new ServiceCredential(system.subgraphs[service].config, service, 'test');
      const authorization = await credential.authorization();
      return post(
        system.subgraphs[Department.CIVIL_AFFAIRS].url,
        `mutation($d: Department!, $e: [JSONObject!]!) { recordAccessLog(department: $d, entries: $e) }`,
        { d: department, e: entries },
        authorization.replace(/^Bearer /, ''),
      );
    };

    it("refuses a service's entries for a department it is not", async () => {
      const before = await mirrored();
      const { errors } = await send(Department.HEALTH, Department.DISABILITY, [entry()]);
      expect(errors![0]).toMatchObject({
        message: expect.stringMatching(/only DISABILITY's service/),
        extensions: { code: 'FORBIDDEN' },
      });
      expect(await mirrored()).toBe(before);
    });

    it("refuses civil affairs' own service: its log is read as it is", async () => {
      const { errors } = await send(Department.CIVIL_AFFAIRS, Department.CIVIL_AFFAIRS, [entry()]);
      expect(errors![0].extensions).toMatchObject({ code: 'FORBIDDEN' });
    });

    it('refuses a malformed entry naming it, and stores nothing of the batch', async () => {
      const before = await mirrored();
      const { errors } = await send(Department.HEALTH, Department.HEALTH, [
        entry(),
        entry({ seq: '900001', kind: 'DELETE' }),
      ]);
      expect(errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'entries[1].kind' });
      expect(await mirrored()).toBe(before);
    });

    it('is not offered through the gateway, to staff or anyone', async () => {
      const { errors } = await system.as(
        Department.HEALTH,
        Role.ADMIN,
      )(`mutation { recordAccessLog(department: HEALTH, entries: []) }`);
      expect(errors![0].extensions).toMatchObject({ code: 'GRAPHQL_VALIDATION_FAILED' });
    });
  });
});
