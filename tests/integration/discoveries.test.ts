import { Role } from '../../shared/auth';
import { Department } from '../../shared/departments';
import { buildSubject, rng, villagesUnder } from '../fixtures/factories';
import { TestSystem, startSystem } from '../helpers/system';

const FILE = `mutation($input: DiscoveryInput!) { fileDiscovery(input: $input) { id method category status suspectedAssistance foundByDepartment subject { idNumber } } }`;
const INVESTIGATE = `mutation($id: ID!, $input: InvestigationInput!) { recordInvestigation(id: $id, input: $input) { status investigation { personSeen situationClear proposal } } }`;
const DECIDE = `mutation($id: ID!, $input: DecisionInput!) { decideDiscovery(id: $id, input: $input) { status outcome { decision reason includedOn reviewOn } } }`;

describe('proactive discovery and the investigation workflow', () => {
  let system: TestSystem;
  let staff: ReturnType<TestSystem['as']>;
  const r = rng(5);
  const person = buildSubject(r, villagesUnder('500114', 1)[0]);

  beforeAll(async () => {
    system = await startSystem({ departments: [Department.CIVIL_AFFAIRS] });
    staff = system.as(Department.CIVIL_AFFAIRS, Role.STAFF, '500114');
    const { errors } = await staff(`mutation($i: SubjectInput!) { registerSubject(input: $i) { id } }`, {
      i: person,
    });
    expect(errors).toBeUndefined();
  });
  afterAll(() => system?.close());

  const file = async (over: object = {}) => {
    const window = system.as(Department.HEALTH, Role.WINDOW, '500114');
    const { data, errors } = await window(FILE, {
      input: {
        idNumber: person.idNumber,
        method: 'IN_WORK',
        category: 'MAY_QUALIFY_NOT_APPLIED',
        suspectedAssistance: ['MEDICAL', 'DIBAO'],
        note: '窗口办理医保业务时发现',
        ...over,
      },
    });
    expect(errors).toBeUndefined();
    return data.fileDiscovery;
  };

  it("lets any department's window file a lead, which opens in the subject's township ledger", async () => {
    const d = await file();
    expect(d).toMatchObject({
      method: 'IN_WORK',
      status: 'OPEN',
      foundByDepartment: 'HEALTH',
      suspectedAssistance: ['MEDICAL', 'DIBAO'],
    });
    const { data } = await staff(`query($r: String!) { discoveries(regionCode: $r, status: OPEN) { id } }`, {
      r: person.registeredRegionCode.slice(0, 9),
    });
    expect(data.discoveries.map((x: any) => x.id)).toContain(d.id);
  });

  it('files a data push once per source key', async () => {
    const a = await file({ method: 'DATA_PUSH', sourceKey: 'health:oop:2026-11' });
    const b = await file({ method: 'DATA_PUSH', sourceKey: 'health:oop:2026-11' });
    expect(b.id).toBe(a.id);
  });

  it('refuses a lead for someone the registry does not know, and one without a suspected type', async () => {
    const window = system.as(Department.CIVIL_AFFAIRS, Role.WINDOW, '500114');
    const stranger = buildSubject(r, person.registeredRegionCode);
    const unknown = await window(FILE, {
      input: {
        idNumber: stranger.idNumber,
        method: 'IN_WORK',
        category: 'OTHER_ATTENTION',
        suspectedAssistance: ['MEDICAL'],
      },
    });
    expect(unknown.errors![0].extensions).toMatchObject({ code: 'NOT_FOUND', field: 'idNumber' });
    const none = await window(FILE, {
      input: {
        idNumber: person.idNumber,
        method: 'IN_WORK',
        category: 'OTHER_ATTENTION',
        suspectedAssistance: [],
      },
    });
    expect(none.errors![0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'suspectedAssistance',
    });
  });

  it('refuses to close a lead until the person is seen, the situation clear and a proposal recorded (三个不放过)', async () => {
    const d = await file();
    const decide = (input: object) => staff(DECIDE, { id: d.id, input });
    const first = await decide({ decision: 'INCLUDED', includedOn: '2026-11-25' });
    expect(first.errors![0].extensions).toMatchObject({
      code: 'PRECONDITION_FAILED',
      missing: ['PERSON_SEEN', 'SITUATION_CLEAR', 'PROPOSAL'],
    });
    expect(first.errors![0].message).toMatch(/未见到本人不放过/);
    await staff(INVESTIGATE, { id: d.id, input: { personSeen: true, situationClear: false } });
    const second = await decide({ decision: 'INCLUDED', includedOn: '2026-11-25' });
    expect(second.errors![0].extensions!.missing).toEqual(['SITUATION_CLEAR', 'PROPOSAL']);
    await staff(INVESTIGATE, { id: d.id, input: { personSeen: true, situationClear: true } });
    const third = await decide({ decision: 'INCLUDED', includedOn: '2026-11-25' });
    expect(third.errors![0].extensions!.missing).toEqual(['PROPOSAL']);
    expect(third.errors![0].message).toMatch(/没有处理意见不放过/);
  });

  it('includes a person with the date, and then refuses to decide again', async () => {
    const d = await file();
    await staff(INVESTIGATE, {
      id: d.id,
      input: { personSeen: true, situationClear: true, proposal: '协助申请低保' },
    });
    const { data, errors } = await staff(DECIDE, {
      id: d.id,
      input: { decision: 'INCLUDED', includedOn: '2026-11-25' },
    });
    expect(errors).toBeUndefined();
    expect(data.decideDiscovery).toMatchObject({
      status: 'CLOSED',
      outcome: { decision: 'INCLUDED', includedOn: '2026-11-25' },
    });
    const again = await staff(DECIDE, { id: d.id, input: { decision: 'NOT_ELIGIBLE', reason: 'x' } });
    expect(again.errors![0].extensions!.code).toBe('CONFLICT');
  });

  it('puts a not-eligible person on the observation list with a review date, and needs the reason', async () => {
    const d = await file({ category: 'HARDSHIP_NOT_ELIGIBLE' });
    await staff(INVESTIGATE, {
      id: d.id,
      input: { personSeen: true, situationClear: true, proposal: '链接慈善资源' },
    });
    const noReason = await staff(DECIDE, { id: d.id, input: { decision: 'NOT_ELIGIBLE' } });
    expect(noReason.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.reason' });
    const { data } = await staff(DECIDE, {
      id: d.id,
      input: { decision: 'NOT_ELIGIBLE', reason: '家庭收入超过低保标准', reviewOn: '2027-02-25' },
    });
    expect(data.decideDiscovery.outcome).toMatchObject({
      decision: 'NOT_ELIGIBLE',
      reason: '家庭收入超过低保标准',
      reviewOn: '2027-02-25',
    });
    const list = await staff(`{ observationList(regionCode: "500114") { id outcome { reviewOn } } }`);
    expect(list.data.observationList.map((x: any) => x.id)).toContain(d.id);
  });

  it('reports villages without a coordinator where the pack asks for one (Qianjiang)', async () => {
    const township = person.registeredRegionCode.slice(0, 9);
    const before = await staff(
      `query($r: String!) { coordinatorGaps(regionCode: $r) { villageCode required source } }`,
      { r: township },
    );
    expect(before.data.coordinatorGaps.map((g: any) => g.villageCode)).toContain(person.registeredRegionCode);
    expect(before.data.coordinatorGaps[0].required).toBe(1);
    await staff(`mutation($v: String!) { addCoordinator(villageCode: $v, name: "李协理") { id } }`, {
      v: person.registeredRegionCode,
    });
    const after = await staff(`query($r: String!) { coordinatorGaps(regionCode: $r) { villageCode } }`, {
      r: township,
    });
    expect(after.data.coordinatorGaps.map((g: any) => g.villageCode)).not.toContain(
      person.registeredRegionCode,
    );
  });
});
