import { Role } from '../../shared/auth';
import { Department } from '../../shared/departments';
import { buildSubject, fuzhouFindings, rng, villagesUnder } from '../fixtures/factories';
import { TestSystem, startSystem } from '../helpers/system';

const REGISTER = `mutation($input: SubjectInput!) { registerSubject(input: $input) { id } }`;
const START = `mutation($id: String!) { startVisit(idNumber: $id, mode: HOME) { id confirmed missingSignOffs signOffRoles } }`;
const END = `mutation($id: ID!, $input: VisitFindingsInput!) {
  endVisit(id: $id, input: $input) { id confirmed missingSignOffs changeReportDue assistancePlanDue deadlineCertain changeState }
}`;
const SIGN = `mutation($id: ID!, $role: String!, $name: String!) { signOffVisit(id: $id, role: $role, name: $name) { id confirmed missingSignOffs signOffs { role name } } }`;
const REPORT = `mutation($id: ID!) { reportChange(id: $id, note: "已电话报县民政局") { changeState changeReportedAt assistancePlanDue deadlineCertain } }`;
const PLAN = `mutation($id: ID!, $input: AssistancePlanInput!) {
  recordAssistancePlan(id: $id, input: $input) { changeState assistancePlan { measures notEligible recordedBy } }
}`;
const DEADLINES = `query($r: String!, $all: Boolean) { changeDeadlines(regionCode: $r, includeDone: $all) { id changeState changeReportDue assistancePlanDue } }`;
const FUZHOU_ROLES = ['村（居）主任', '包村干部', '乡镇（街道）主要负责人'];

describe("Fuzhou's closure loop: sign-off, change report, the county's plan", () => {
  let system: TestSystem;
  let visitor: ReturnType<TestSystem['as']>;
  let township: ReturnType<TestSystem['as']>;
  let county: ReturnType<TestSystem['as']>;
  const r = rng(1302);
  const village = villagesUnder('350102003', 1)[0];

  beforeAll(async () => {
    system = await startSystem();
    visitor = system.as(Department.CIVIL_AFFAIRS, Role.VISITOR, '350102003');
    township = system.as(Department.CIVIL_AFFAIRS, Role.STAFF, '350102003');
    county = system.as(Department.CIVIL_AFFAIRS, Role.STAFF, '350102');
  });
  afterAll(() => system?.close());

  const registered = async (region = village) => {
    const input = buildSubject(r, region, {
      assistance: [{ category: 'DIBAO', status: 'ACTIVE', since: '2024-01-01', until: null }],
    });
    const { errors } = await system.as(Department.CIVIL_AFFAIRS)(REGISTER, { input });
    expect(errors).toBeUndefined();
    return input.idNumber;
  };
  /** a visit that found an income change on 2026-11-20 (a Friday): report due 11-24, plan 11-27 */
  const visitWithChange = async (endedAt = '2026-11-20T10:00:00+08:00') => {
    const started = await visitor(START, { id: await registered() });
    const { data, errors } = await visitor(END, {
      id: started.data.startVisit.id,
      input: {
        endedAt,
        findings: fuzhouFindings({ family: '家庭收入下降' }),
        changes: ['INCOME'],
      },
    });
    expect(errors).toBeUndefined();
    return data.endVisit;
  };

  it('keeps a Fuzhou visit unconfirmed until each role of the pack has signed, then confirms it', async () => {
    const started = await visitor(START, { id: await registered() });
    expect(started.data.startVisit).toMatchObject({ confirmed: false, signOffRoles: FUZHOU_ROLES });
    const id = started.data.startVisit.id;
    const ended = await visitor(END, {
      id,
      input: { endedAt: new Date().toISOString(), findings: fuzhouFindings() },
    });
    expect(ended.data.endVisit).toMatchObject({ confirmed: false, missingSignOffs: FUZHOU_ROLES });
    const first = await township(SIGN, { id, role: '村（居）主任', name: '陈建华' });
    expect(first.data.signOffVisit).toMatchObject({
      confirmed: false,
      missingSignOffs: FUZHOU_ROLES.slice(1),
    });
    await township(SIGN, { id, role: '包村干部', name: '林志强' });
    const last = await township(SIGN, { id, role: '乡镇（街道）主要负责人', name: '黄海' });
    expect(last.errors).toBeUndefined();
    expect(last.data.signOffVisit).toMatchObject({ confirmed: true, missingSignOffs: [] });
    expect(last.data.signOffVisit.signOffs.map((s: any) => s.name)).toEqual(['陈建华', '林志强', '黄海']);
  });

  it('refuses a role the pack does not name (naming role), a second signature as one role, and signing before the end', async () => {
    const started = await visitor(START, { id: await registered() });
    const id = started.data.startVisit.id;
    const early = await township(SIGN, { id, role: '包村干部', name: '林志强' });
    expect(early.errors![0].extensions!.code).toBe('CONFLICT');
    await visitor(END, {
      id,
      input: { endedAt: new Date().toISOString(), findings: fuzhouFindings() },
    });
    const unknown = await township(SIGN, { id, role: '村支书', name: '某人' });
    expect(unknown.errors![0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'role',
      reason: 'UNKNOWN_ROLE',
    });
    await township(SIGN, { id, role: '包村干部', name: '林志强' });
    const twice = await township(SIGN, { id, role: '包村干部', name: '另一人' });
    expect(twice.errors![0].extensions!.code).toBe('CONFLICT');
  });

  it("confirms a visit as it ends where the region's pack names no roles (Rui'an)", async () => {
    const ruian = system.as(Department.CIVIL_AFFAIRS, Role.VISITOR, '330381101');
    const started = await ruian(START, { id: await registered(villagesUnder('330381101', 1)[0]) });
    expect(started.data.startVisit).toMatchObject({
      confirmed: false,
      missingSignOffs: [],
      signOffRoles: [],
    });
    const ended = await ruian(END, {
      id: started.data.startVisit.id,
      input: { endedAt: new Date().toISOString(), findings: [{ dimension: 'health', status: 'OK' }] },
    });
    expect(ended.data.endVisit).toMatchObject({ confirmed: true, missingSignOffs: [] });
  });

  it('opens a change report due in 2 working days; past due it is REPORT_OVERDUE on the list until reported', async () => {
    const visit = await visitWithChange();
    expect(visit).toMatchObject({
      changeReportDue: '2026-11-24',
      assistancePlanDue: '2026-11-27',
      deadlineCertain: true,
      changeState: 'REPORT_OVERDUE',
    });
    const list = await township(DEADLINES, { r: '350102003' });
    expect(list.data.changeDeadlines).toContainEqual({
      id: visit.id,
      changeState: 'REPORT_OVERDUE',
      changeReportDue: '2026-11-24',
      assistancePlanDue: '2026-11-27',
    });
  });

  it("reported, the plan is due 3 working days from the report; the county's plan closes it and it leaves the overdue list", async () => {
    const visit = await visitWithChange();
    const early = await county(PLAN, { id: visit.id, input: { measures: ['临时救助 2000 元'] } });
    expect(early.errors![0].extensions!.code).toBe('CONFLICT');
    const reported = await township(REPORT, { id: visit.id });
    expect(reported.errors).toBeUndefined();
    expect(reported.data.reportChange.changeState).toBe('PLAN_DUE');
    expect(reported.data.reportChange.changeReportedAt).not.toBeNull();
    // three working days after today's report: later than the provisional date, and on a working day
    expect(reported.data.reportChange.assistancePlanDue > '2026-11-27').toBe(true);
    expect((await township(REPORT, { id: visit.id })).errors![0].extensions!.code).toBe('CONFLICT');
    const byTownship = await township(PLAN, { id: visit.id, input: { measures: ['临时救助 2000 元'] } });
    expect(byTownship.errors![0].extensions!.code).toBe('FORBIDDEN');
    const both = await county(PLAN, { id: visit.id, input: { measures: ['临时救助'], notEligible: true } });
    expect(both.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input' });
    const planned = await county(PLAN, {
      id: visit.id,
      input: { measures: ['临时救助 2000 元', '医疗救助'] },
    });
    expect(planned.errors).toBeUndefined();
    expect(planned.data.recordAssistancePlan).toMatchObject({
      changeState: 'DONE',
      assistancePlan: { measures: ['临时救助 2000 元', '医疗救助'], notEligible: false },
    });
    const open = await township(DEADLINES, { r: '350102003' });
    expect(open.data.changeDeadlines.map((v: any) => v.id)).not.toContain(visit.id);
    const all = await township(DEADLINES, { r: '350102003', all: true });
    expect(all.data.changeDeadlines.find((v: any) => v.id === visit.id).changeState).toBe('DONE');
  });

  it("until the township reports, gives the plan's provisional due date: 3 working days after the report's deadline", async () => {
    const visit = await visitWithChange('2026-11-02T10:00:00+08:00');
    expect(visit.changeState).toBe('REPORT_OVERDUE');
    const { data } = await township(DEADLINES, { r: '350102003' });
    expect(data.changeDeadlines.find((v: any) => v.id === visit.id)).toMatchObject({
      changeReportDue: '2026-11-04',
      assistancePlanDue: '2026-11-09',
    });
  });

  it('"cancel assistance: not eligible" ends the subject\'s active assistance', async () => {
    const visit = await visitWithChange();
    await township(REPORT, { id: visit.id });
    const planned = await county(PLAN, { id: visit.id, input: { notEligible: true } });
    expect(planned.data.recordAssistancePlan.assistancePlan).toMatchObject({
      measures: [],
      notEligible: true,
    });
    const { data } = await county(
      `query($id: ID!) { visit(id: $id) { subject { assistance { category status until } } } }`,
      { id: visit.id },
    );
    expect(data.visit.subject.assistance).toEqual([
      { category: 'DIBAO', status: 'ENDED', until: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) },
    ]);
  });

  it("warns the administrator in /readyz's details and the dashboard while the calendar runs out within 60 days", async () => {
    const readyz = await fetch(system.gatewayUrl.replace('/graphql', '/readyz'));
    const body = (await readyz.json()) as { warnings?: string[] };
    expect(readyz.status).toBe(200);
    expect(body.warnings).toEqual([
      expect.stringMatching(/^civil-affairs: working-day calendar ends on 2026-12-31/),
    ]);
    const { data } = await system.as(
      Department.CIVIL_AFFAIRS,
      Role.ADMIN,
    )(`{ dashboardCounters(regionCode: "350102") { adminWarnings } }`);
    expect(data.dashboardCounters.adminWarnings).toEqual([expect.stringMatching(/2026-12-31/)]);
  });
});
