import { Role } from '../../shared/auth';
import { Department } from '../../shared/departments';
import { buildSubject, fuzhouFindings, rng, villagesUnder } from '../fixtures/factories';
import { TestSystem, startSystem } from '../helpers/system';

const REGISTER = `mutation($input: SubjectInput!) {
  registerSubject(input: $input) {
    id tier tierReason { rule }
    household { id size monthlyIncomePerCapita members { idNumber name relation } }
  }
}`;
const SUBJECT = `query($id: String!) {
  subjectByIdNumber(idNumber: $id) { tier tierReason { rule } household { id size monthlyIncomePerCapita members { idNumber relation } } }
}`;
const WARNINGS = `query($r: String!) { earlyWarnings(regionCode: $r) { label detail subject { idNumber } } }`;

describe('一户一档: households shared by registered members', () => {
  let system: TestSystem;
  let admin: ReturnType<TestSystem['as']>;
  const r = rng(1313);
  const ruian = villagesUnder('330381101', 1)[0];
  const hangtou = villagesUnder('310115137', 1)[0];

  beforeAll(async () => {
    system = await startSystem();
    admin = system.as(Department.CIVIL_AFFAIRS, Role.ADMIN);
  });
  afterAll(() => system?.close());

  const register = async (input: object, as = admin) => {
    const { data, errors } = await as(REGISTER, { input });
    expect(errors).toBeUndefined();
    return data.registerSubject;
  };
  const person = (village: string, over: object = {}) =>
    buildSubject(r, village, { assistance: [], livingAlone: false, dispersedSupport: false, ...over });

  it('joins the household of a registered member (memberOf) instead of filing a new one, and lists both members with their relation', async () => {
    const head = person(ruian, { household: { size: 1, monthlyIncomePerCapita: 900 } });
    const first = await register(head);
    const spouse = person(ruian);
    const joined = await register({
      ...spouse,
      household: { memberOf: head.idNumber, relation: 'SPOUSE', size: 2, monthlyIncomePerCapita: 850 },
    });
    expect(joined.household.id).toBe(first.household.id);
    expect(joined.household.size).toBe(2);
    expect(joined.household.members).toEqual([
      { idNumber: head.idNumber, name: head.name, relation: 'HEAD' },
      { idNumber: spouse.idNumber, name: spouse.name, relation: 'SPOUSE' },
    ]);
    const { data } = await admin(SUBJECT, { id: head.idNumber });
    expect(data.subjectByIdNumber.household).toMatchObject({
      id: first.household.id,
      size: 2,
      monthlyIncomePerCapita: 850,
    });
  });

  it("shows one member's income change on every member, and recomputes every member's tier from the household", async () => {
    // a pack whose first rule reads the household's income, assigned to one village through the API
    const village = villagesUnder('330381101', 3)[2];
    const { data: current } = await admin(`{ policyPack(key: "ruian-2021") { document } }`);
    const doc = current.policyPack.document;
    const pack = {
      ...doc,
      key: 'household-income-test',
      version: 1,
      tiers: [
        {
          tier: 'KEY',
          when: { fact: 'monthlyIncomePerCapita', lt: 500 },
          label: '家庭月人均收入低于500元',
          source: 'test pack: household income rule',
        },
        ...doc.tiers,
      ],
    };
    const published = await admin(`mutation($d: JSONObject!) { publishPolicyPack(document: $d) { key } }`, {
      d: pack,
    });
    expect(published.errors).toBeUndefined();
    const assigned = await admin(
      `mutation($r: String!) { assignPolicyPack(regionCode: $r, packKey: "household-income-test") { packKey } }`,
      { r: village },
    );
    expect(assigned.errors).toBeUndefined();

    const head = person(village, { household: { size: 2, monthlyIncomePerCapita: 1200 } });
    expect((await register(head)).tier).toBe('GENERAL');
    const child = person(village);
    const joined = await register({
      ...child,
      household: { memberOf: head.idNumber, relation: 'CHILD', size: 2, monthlyIncomePerCapita: 1200 },
    });
    expect(joined.tier).toBe('GENERAL');
    // the child's record reports the household's income fell: the head's file shows it, and the head's tier moves
    await register({ ...child, household: { size: 2, monthlyIncomePerCapita: 400 } });
    const { data } = await admin(SUBJECT, { id: head.idNumber });
    expect(data.subjectByIdNumber.household.monthlyIncomePerCapita).toBe(400);
    expect(data.subjectByIdNumber.tier).toBe('KEY');
    expect(data.subjectByIdNumber.tierReason.rule).toBe('家庭月人均收入低于500元');
    const due = await admin(
      `query($r: String!) { overdueVisits(regionCode: $r, asOf: "2030-01-01") { subject { idNumber } tier } }`,
      {
        r: village,
      },
    );
    expect(due.data.overdueVisits).toContainEqual({ subject: { idNumber: head.idNumber }, tier: 'KEY' });
  });

  it("takes the household's figures found on one member's visit into every member's file, as a change to report (Fuzhou)", async () => {
    const village = villagesUnder('350102003', 1)[0];
    const head = person(village, { household: { size: 2, monthlyIncomePerCapita: 1000 } });
    await register(head);
    const wife = person(village);
    await register({
      ...wife,
      household: { memberOf: head.idNumber, relation: 'SPOUSE', size: 2, monthlyIncomePerCapita: 1000 },
    });
    const visitor = system.as(Department.CIVIL_AFFAIRS, Role.VISITOR, '350102003');
    const started = await visitor(`mutation($id: String!) { startVisit(idNumber: $id, mode: HOME) { id } }`, {
      id: wife.idNumber,
    });
    const { data, errors } = await visitor(
      `mutation($id: ID!, $input: VisitFindingsInput!) { endVisit(id: $id, input: $input) { changeReportDue subject { household { monthlyIncomePerCapita } } } }`,
      {
        id: started.data.startVisit.id,
        input: {
          endedAt: new Date().toISOString(),
          findings: fuzhouFindings({ family: '丈夫失业' }),
          household: { size: 2, monthlyIncomePerCapita: 450 },
        },
      },
    );
    expect(errors).toBeUndefined();
    expect(data.endVisit.changeReportDue).not.toBeNull();
    expect(data.endVisit.subject.household.monthlyIncomePerCapita).toBe(450);
    const { data: headNow } = await admin(SUBJECT, { id: head.idNumber });
    expect(headNow.subjectByIdNumber.household.monthlyIncomePerCapita).toBe(450);
    const bad = await visitor(
      `mutation($id: ID!, $input: VisitFindingsInput!) { endVisit(id: $id, input: $input) { id } }`,
      {
        id: (
          await visitor(`mutation($id: String!) { startVisit(idNumber: $id, mode: HOME) { id } }`, {
            id: head.idNumber,
          })
        ).data.startVisit.id,
        input: {
          endedAt: new Date().toISOString(),
          findings: fuzhouFindings(),
          household: { size: 0, monthlyIncomePerCapita: 450 },
        },
      },
    );
    expect(bad.errors![0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'input.household.size',
    });
  });

  it('raises Hangtou warnings when a member joins (growth), leaves (shrinkage), or changes marital status or employment', async () => {
    const head = person(hangtou, {
      maritalStatus: 'MARRIED',
      employment: 'EMPLOYED',
      household: { size: 1, monthlyIncomePerCapita: 1500 },
    });
    await register(head);
    const son = person(hangtou);
    await register({
      ...son,
      household: { memberOf: head.idNumber, relation: 'CHILD', size: 2, monthlyIncomePerCapita: 1500 },
    });
    const other = person(hangtou, { household: { size: 3, monthlyIncomePerCapita: 1500 } });
    await register(other);
    // the son moves into another household: his first one shrinks
    await register({
      ...son,
      household: {
        memberOf: other.idNumber,
        relation: 'CHILD_IN_LAW',
        size: 4,
        monthlyIncomePerCapita: 1400,
      },
    });
    await register({ ...head, maritalStatus: 'WIDOWED', employment: 'UNEMPLOYED', household: undefined });
    const { data } = await admin(WARNINGS, { r: hangtou });
    const labels = (idNumber: string) =>
      data.earlyWarnings.filter((w: any) => w.subject.idNumber === idNumber).map((w: any) => w.label);
    expect(labels(son.idNumber)).toContain('家庭人口增加（新成员加入本户）');
    expect(labels(head.idNumber)).toEqual(
      expect.arrayContaining(['家庭人口减少（成员去世、迁出或离开本户）', '婚姻状况变化', '就业状况变化']),
    );
    const { data: after } = await admin(SUBJECT, { id: head.idNumber });
    expect(after.subjectByIdNumber.household.size).toBe(1);
    expect(after.subjectByIdNumber.household.members.map((m: any) => m.idNumber)).toEqual([head.idNumber]);
  });

  it("answers a member outside the caller's region as unknown (NOT_FOUND on household.memberOf), writing nothing", async () => {
    const elsewhere = person(villagesUnder('330381001', 1)[0], {
      household: { size: 1, monthlyIncomePerCapita: 700 },
    });
    await register(elsewhere);
    const township = system.as(Department.CIVIL_AFFAIRS, Role.STAFF, '330381101');
    const newcomer = person(ruian);
    const { data, errors } = await township(REGISTER, {
      input: {
        ...newcomer,
        household: { memberOf: elsewhere.idNumber, relation: 'SPOUSE', size: 2, monthlyIncomePerCapita: 700 },
      },
    });
    expect(data).toBeNull();
    expect(errors![0].extensions).toMatchObject({ code: 'NOT_FOUND', field: 'household.memberOf' });
    expect((await admin(SUBJECT, { id: newcomer.idNumber })).data.subjectByIdNumber).toBeNull();
    expect((await admin(SUBJECT, { id: elsewhere.idNumber })).data.subjectByIdNumber.household.size).toBe(1);
  });

  it("keeps the members' ID numbers from other departments (civil affairs' own file)", async () => {
    const head = person(ruian, { household: { size: 2, monthlyIncomePerCapita: 900 } });
    await register(head);
    await register({
      ...person(ruian),
      household: { memberOf: head.idNumber, relation: 'CHILD', size: 2, monthlyIncomePerCapita: 900 },
    });
    const disability = system.as(Department.DISABILITY, Role.STAFF, '330381');
    const res = await disability(
      `query($id: String!) { subjectByIdNumber(idNumber: $id) { household { size members { idNumber } } } }`,
      { id: head.idNumber },
    );
    expect(JSON.stringify(res.data)).not.toContain(head.idNumber.slice(10));
    // only the member list is withheld: the household itself (its size) still shows
    expect((res as any).data.subjectByIdNumber.household).toEqual({ size: 2, members: null });
    expect((res as any).extensions.withheld).toContainEqual(
      expect.objectContaining({ reason: 'HOUSEHOLD_MEMBERS_NOT_SHARED' }),
    );
  });

  it('refuses memberOf without a relation, naming household.relation', async () => {
    const head = person(ruian, { household: { size: 1, monthlyIncomePerCapita: 900 } });
    await register(head);
    const { errors } = await admin(REGISTER, {
      input: {
        ...person(ruian),
        household: { memberOf: head.idNumber, size: 2, monthlyIncomePerCapita: 900 },
      },
    });
    expect(errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'household.relation' });
  });
});
