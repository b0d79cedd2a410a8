import { Role } from '../../shared/auth';
import { Department } from '../../shared/departments';
import { buildSubject, rng, villagesUnder } from '../fixtures/factories';
import { contractOperations, contractVariables } from '../helpers/contract';
import { TestSystem, startSystem } from '../helpers/system';

const FILE = `mutation($input: DiscoveryInput!) { fileDiscovery(input: $input) { id method category status suspectedAssistance foundByDepartment subject { idNumber } } }`;
const INVESTIGATE = `mutation($id: ID!, $input: InvestigationInput!) { recordInvestigation(id: $id, input: $input) { status investigation { personSeen situationClear proposal } } }`;
const DECIDE = `mutation($id: ID!, $input: DecisionInput!) { decideDiscovery(id: $id, input: $input) { status outcome { decision reason includedOn reviewOn } } }`;

// the contract's own DecideDiscovery document, as written
const DECIDE_CONTRACT = contractOperations().find((o) => o.name === 'DecideDiscovery')!.document;

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

  it('INCLUDED takes what was granted: the statuses gain it, dated, and the 新增救助群众 ledger lists it (contract DecideDiscovery)', async () => {
    const d = await file();
    await staff(INVESTIGATE, {
      id: d.id,
      input: { personSeen: true, situationClear: true, proposal: '协助申请临时救助' },
    });
    const nothing = await staff(DECIDE, {
      id: d.id,
      input: { decision: 'INCLUDED', includedOn: '2026-11-28' },
    });
    expect(nothing.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.granted' });
    const badDate = await staff(DECIDE, {
      id: d.id,
      input: {
        decision: 'INCLUDED',
        includedOn: '2026-11-28',
        granted: [{ category: 'TEMPORARY', status: 'ACTIVE', since: '2026-13-01' }],
      },
    });
    expect(badDate.errors![0].extensions).toMatchObject({ field: 'input.granted[0].since' });
    const { data, errors } = await staff(
      DECIDE_CONTRACT,
      contractVariables('DecideDiscovery', { '<discovery id from FileDiscovery>': d.id }),
    );
    expect(errors).toBeUndefined();
    expect(data.decideDiscovery).toMatchObject({
      status: 'CLOSED',
      outcome: { decision: 'INCLUDED', granted: [{ category: 'TEMPORARY', since: '2026-11-28' }] },
    });
    expect(data.decideDiscovery.subject.assistance).toContainEqual({
      category: 'TEMPORARY',
      status: 'ACTIVE',
      since: '2026-11-28',
    });
    const ledger = await staff(
      `{ newlyAssisted(regionCode: "500114") { id outcome { granted { category } } } }`,
    );
    expect(ledger.data.newlyAssisted).toContainEqual({
      id: d.id,
      outcome: { granted: [{ category: 'TEMPORARY' }] },
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

  it("reviews the observation list after Qianjiang's pack interval (一个月) when no date is given", async () => {
    const d = await file({ category: 'HARDSHIP_NOT_ELIGIBLE' });
    await staff(INVESTIGATE, {
      id: d.id,
      input: { personSeen: true, situationClear: true, proposal: '定期走访' },
    });
    const { data, errors } = await staff(DECIDE, {
      id: d.id,
      input: { decision: 'NOT_ELIGIBLE', reason: '收入略高于标准' },
    });
    expect(errors).toBeUndefined();
    const month = new Date();
    month.setUTCMonth(month.getUTCMonth() + 1);
    const expected = new Date(month.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
    expect(data.decideDiscovery.outcome.reviewOn).toBe(expected);
  });

  it('files a lead for a person not registered yet by name and situation, and links it when they are registered', async () => {
    const patrol = system.as(Department.CIVIL_AFFAIRS, Role.VISITOR, '500114');
    const village = villagesUnder('500114', 1)[0];
    const newcomer = buildSubject(r, village);
    const filed = await patrol(
      `mutation($input: DiscoveryInput!) { fileDiscovery(input: $input) { id personName townshipCode subject { idNumber } } }`,
      {
        input: {
          idNumber: newcomer.idNumber,
          personName: newcomer.name,
          regionCode: village,
          method: 'IN_WORK',
          category: 'MAY_QUALIFY_NOT_APPLIED',
          suspectedAssistance: ['TEMPORARY'],
          householdSituation: '街面巡查发现，露宿桥下，无固定住所',
        },
      },
    );
    expect(filed.errors).toBeUndefined();
    expect(filed.data.fileDiscovery).toMatchObject({ personName: newcomer.name, subject: null });
    const id = filed.data.fileDiscovery.id;
    const listed = await staff(`{ discoveries(regionCode: "500114") { id subject { idNumber } } }`);
    expect(listed.data.discoveries).toContainEqual({ id, subject: null });
    // INCLUDED needs a registered person
    await staff(INVESTIGATE, { id, input: { personSeen: true, situationClear: true, proposal: '协助登记' } });
    const early = await staff(DECIDE, {
      id,
      input: {
        decision: 'INCLUDED',
        includedOn: '2026-11-28',
        granted: [{ category: 'TEMPORARY', status: 'ACTIVE', since: '2026-11-28' }],
      },
    });
    expect(early.errors![0].extensions).toMatchObject({
      code: 'PRECONDITION_FAILED',
      missing: ['REGISTERED'],
    });
    const registered = await staff(`mutation($i: SubjectInput!) { registerSubject(input: $i) { id } }`, {
      i: newcomer,
    });
    expect(registered.errors).toBeUndefined();
    const linked = await staff(`{ discoveries(regionCode: "500114") { id subject { idNumber } } }`);
    expect(linked.data.discoveries).toContainEqual({ id, subject: { idNumber: newcomer.idNumber } });
  });

  it('links a lead filed by name only (hotline) to the person once registered, by ID number', async () => {
    const village = villagesUnder('500114', 1)[0];
    const caller = buildSubject(r, village);
    const filed = await staff(`mutation($input: DiscoveryInput!) { fileDiscovery(input: $input) { id } }`, {
      input: {
        personName: caller.name,
        regionCode: village,
        method: 'IN_WORK',
        category: 'OTHER_ATTENTION',
        suspectedAssistance: ['DIBAO'],
        householdSituation: '救助热线来电，独居老人，子女不在本地',
      },
    });
    expect(filed.errors).toBeUndefined();
    const noSituation = await staff(
      `mutation($input: DiscoveryInput!) { fileDiscovery(input: $input) { id } }`,
      {
        input: {
          personName: '某某',
          regionCode: village,
          method: 'IN_WORK',
          category: 'OTHER_ATTENTION',
          suspectedAssistance: ['DIBAO'],
        },
      },
    );
    expect(noSituation.errors![0].extensions).toMatchObject({
      field: 'householdSituation',
      reason: 'REQUIRED',
    });
    await staff(`mutation($i: SubjectInput!) { registerSubject(input: $i) { id } }`, { i: caller });
    const link = `mutation($id: ID!, $n: String!) { linkDiscovery(id: $id, idNumber: $n) { subject { idNumber } } }`;
    const { data, errors } = await staff(link, { id: filed.data.fileDiscovery.id, n: caller.idNumber });
    expect(errors).toBeUndefined();
    expect(data.linkDiscovery.subject).toEqual({ idNumber: caller.idNumber });
    expect(
      (await staff(link, { id: filed.data.fileDiscovery.id, n: caller.idNumber })).errors![0].extensions!
        .code,
    ).toBe('CONFLICT');
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
