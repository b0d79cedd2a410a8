import { Role } from '../../shared/auth';
import { Department } from '../../shared/departments';
import { buildSubject, rng } from '../fixtures/factories';
import { TestSystem, startSystem } from '../helpers/system';
import { DATA_PUSH, HEALTH_CHANGE } from '../../subgraphs/health/src/services/medical.service';

const MEDICAL = `mutation($i: MedicalInput!) { recordMedical(input: $i) { outOfPocketLast12Months } }`;
const PUSHED = `query($r: String!) { discoveries(regionCode: $r) { method foundByDepartment suspectedAssistance householdSituation subject { idNumber } } }`;

describe('health data push: a crossing of the out-of-pocket warning line becomes a discovery in civil affairs', () => {
  let system: TestSystem;
  const r = rng(7);
  const person = buildSubject(r, '330381101009');
  // delivery runs only when the test drains the outbox, so the order of events is the test's;
  // the record's facts for civil affairs' tiers travel in the same outbox and are counted elsewhere
  const outbox = () => {
    const box = system.subgraphs.HEALTH.server.services.kit.outbox;
    return { pending: () => box.pending(DATA_PUSH), drain: () => box.drain(DATA_PUSH) };
  };
  const record = (spent: number) =>
    system.as(
      Department.HEALTH,
      Role.STAFF,
      '330381',
    )(MEDICAL, {
      i: {
        idNumber: person.idNumber,
        insuranceType: 'RESIDENT',
        majorIllness: false,
        outOfPocketLast12Months: spent,
      },
    });
  const pushed = async () => {
    const { data, errors } = await system.as(Department.CIVIL_AFFAIRS)(PUSHED, { r: '330381101' });
    expect(errors).toBeUndefined();
    return data.discoveries.filter(
      (d: any) => d.subject.idNumber === person.idNumber && d.method === 'DATA_PUSH',
    );
  };

  beforeAll(async () => {
    system = await startSystem({ env: { OUTBOX_INTERVAL_MS: '3600000' } });
    const { errors } = await system.as(Department.CIVIL_AFFAIRS)(
      `mutation($i: SubjectInput!) { registerSubject(input: $i) { id } }`,
      { i: person },
    );
    expect(errors).toBeUndefined();
  });
  afterAll(() => system?.close());

  it('stores one message with the record when spending crosses the line, and delivers it as a DATA_PUSH discovery', async () => {
    expect((await record(9999)).errors).toBeUndefined();
    expect(await outbox().pending()).toBe(0);
    expect((await record(23000)).errors).toBeUndefined();
    expect(await outbox().pending()).toBe(1);
    expect(await outbox().drain()).toBe(1);
    const found = await pushed();
    expect(found).toEqual([
      expect.objectContaining({
        foundByDepartment: 'HEALTH',
        suspectedAssistance: ['MEDICAL', 'TEMPORARY'],
        householdSituation: expect.stringContaining('23000'),
      }),
    ]);
  });

  it('does not push again while spending stays above the line', async () => {
    await record(24000);
    expect(await outbox().pending()).toBe(0);
    expect(await pushed()).toHaveLength(1);
  });

  it('delivers a new crossing after civil affairs was down and came back, exactly once', async () => {
    await record(5000);
    await record(12000);
    expect(await outbox().pending()).toBe(1);
    await system.stopSubgraph(Department.CIVIL_AFFAIRS);
    expect(await outbox().drain()).toBe(0);
    expect(await outbox().pending()).toBe(1);
    await system.restartSubgraph(Department.CIVIL_AFFAIRS);
    await new Promise((resolve) => setTimeout(resolve, 1100)); // first back-off: 1 s
    expect(await outbox().drain()).toBe(1);
    expect(await outbox().drain()).toBe(0);
    expect(await pushed()).toHaveLength(2);
  });

  it("a new serious illness pushed by health is a recent major event: Rui'an's 低保 person becomes high-risk, visited within 24 h", async () => {
    const dibao = buildSubject(r, '330381101009', {
      assistance: [{ category: 'DIBAO', status: 'ACTIVE', since: '2024-01-01', until: null }],
    });
    const civil = system.as(Department.CIVIL_AFFAIRS);
    expect(
      (await civil(`mutation($i: SubjectInput!) { registerSubject(input: $i) { id } }`, { i: dibao })).errors,
    ).toBeUndefined();
    const tier = async () =>
      (
        await civil(`query($id: String!) { subjectByIdNumber(idNumber: $id) { tier } }`, {
          id: dibao.idNumber,
        })
      ).data.subjectByIdNumber.tier;
    expect(await tier()).not.toBe('HIGH_RISK');
    const health = system.as(Department.HEALTH, Role.STAFF, '330381');
    const ill = () =>
      health(`mutation($i: MedicalInput!) { recordMedical(input: $i) { majorIllness } }`, {
        i: {
          idNumber: dibao.idNumber,
          insuranceType: 'RESIDENT',
          majorIllness: true,
          outOfPocketLast12Months: 100,
        },
      });
    const before = Date.now();
    expect((await ill()).errors).toBeUndefined();
    const box = system.subgraphs.HEALTH.server.services.kit.outbox;
    expect(await box.drain(HEALTH_CHANGE)).toBe(1);
    // 瑞救办〔2021〕5号 三(一): 低保 with 罹患重病等重大变故 → high-risk; 四(二): visit within 24 h
    expect(await tier()).toBe('HIGH_RISK');
    const tomorrow = new Date(before + 2 * 86_400_000 + 8 * 3_600_000).toISOString().slice(0, 10);
    const { data } = await civil(
      `query($r: String!, $u: String!) { dueVisits(regionCode: $r, until: $u) { subject { idNumber } dueAt reason } }`,
      { r: '330381101', u: tomorrow },
    );
    const due = data.dueVisits.find((d: any) => d.subject.idNumber === dibao.idNumber);
    expect(due.reason).toBe('急难事件后限时走访');
    expect(Math.abs(new Date(due.dueAt).getTime() - (before + 86_400_000))).toBeLessThan(60_000);
    // one urgent case, of the partner's kind, keyed by the push (a retried push opens none: source_key is unique)
    const civilDb = system.subgraphs[Department.CIVIL_AFFAIRS].database.dataSource;
    const rows = await civilDb.query(
      `select kind, source_key from urgent_cases u join subjects s on s.id = u.subject_id where s.id_number = $1`,
      [dibao.idNumber],
    );
    expect(rows).toEqual([{ kind: 'SUDDEN_ILLNESS', source_key: expect.stringMatching(/^health:/) }]);
  });
});
