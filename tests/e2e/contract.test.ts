/**
 * Binding contract: every operation in ../shared/contract validates against the composed supergraph
 * (or is listed as pending with the issue that brings it), and the supported ones do what their
 * comments say when sent to the running gateway with the example variables.
 */
import { DocumentNode, GraphQLSchema, Kind, validate } from 'graphql';
import { Role, signCitizenToken } from '../../shared/auth';
import { Department } from '../../shared/departments';
import { composeSupergraph } from '../../gateway/src/compose';
import { REPORT_TABLES } from '../../shared/monthly-report';
import { buildSubject, rng, villagesUnder } from '../fixtures/factories';
import { contractOperations, contractVariables } from '../helpers/contract';
import { Platform, startPlatform } from '../helpers/processes';
import { AUTH, post, token } from '../helpers/system';
import { subscribe, wsClient } from '../helpers/ws';

/** Operations the schema does not offer yet, with the issue that brings them. Shrinks as issues land. */
const PENDING: Record<string, string> = {};

const operations = contractOperations();

/** graphql-js validation, plus the check it leaves out: the schema offers the operation's root type. */
function problems(api: GraphQLSchema, ast: DocumentNode): string[] {
  const messages = validate(api, ast).map((e) => e.message);
  for (const def of ast.definitions) {
    if (def.kind === Kind.OPERATION_DEFINITION && !api.getRootType(def.operation)) {
      messages.push(`the schema has no ${def.operation} type`);
    }
  }
  return messages;
}
const byName = (name: string) => {
  const op = operations.find((o) => o.name === name);
  if (!op) throw new Error(`contract has no operation ${name}`);
  return op.document;
};

describe('contract documents against the composed supergraph', () => {
  let api: GraphQLSchema;
  beforeAll(async () => {
    api = (await composeSupergraph()).apiSchema;
  });

  it('lists every contract operation exactly once, as supported or pending', () => {
    expect(operations.length).toBeGreaterThanOrEqual(20);
    for (const name of Object.keys(PENDING)) expect(operations.map((o) => o.name)).toContain(name);
  });

  it.each(operations.filter((o) => !PENDING[o.name]).map((o) => [o.name, o] as const))(
    '%s validates',
    (_name, op) => {
      expect(problems(api, op.ast)).toEqual([]);
    },
  );

  // every contract operation is supported now; an operation added as pending is checked here
  if (Object.keys(PENDING).length)
    it.each(Object.entries(PENDING))(
      '%s is still pending (%s): move it to the supported list once it validates',
      (name) => {
        const op = operations.find((o) => o.name === name)!;
        expect(problems(api, op.ast).length).toBeGreaterThan(0);
      },
    );
});

describe('contract operations through the running gateway (six real processes)', () => {
  let platform: Platform;
  let visitId: string;
  let discoveryId: string;
  let referralId: string;
  const send = async (
    department: Department,
    role: Role,
    region: string | null,
    name: string,
    variables: unknown,
  ) => post(platform.gatewayUrl, byName(name), variables, await token(department, role, region));

  beforeAll(async () => {
    platform = await startPlatform();
  });
  afterAll(() => platform?.stop());

  it('RegisterSubject: registers the example person and answers with the derived fields', async () => {
    const vars = contractVariables('RegisterSubject');
    const { data, errors } = await send(
      Department.CIVIL_AFFAIRS,
      Role.STAFF,
      '330381',
      'RegisterSubject',
      vars,
    );
    expect(errors).toBeUndefined();
    expect(data.registerSubject).toMatchObject({
      idNumber: '33038119520315432X',
      name: '陈秀英',
      sex: 'FEMALE',
      birthDate: '1952-03-15',
      region: { code: '330381101009', level: 'VILLAGE' },
      household: { size: 1, monthlyIncomePerCapita: 850 },
      assistance: [{ category: 'TEKUN', status: 'ACTIVE', since: '2019-04-01', until: null }],
    });
    expect(data.registerSubject).toHaveProperty('tier');
  });

  it('RegisterSubject: refuses a bad check character with BAD_USER_INPUT naming idNumber, and writes nothing', async () => {
    const vars = contractVariables('RegisterSubject');
    vars.input.idNumber = '330381195203154329';
    vars.input.name = '不应写入';
    const { data, errors } = await send(
      Department.CIVIL_AFFAIRS,
      Role.STAFF,
      '330381',
      'RegisterSubject',
      vars,
    );
    expect(data).toBeNull();
    expect(errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'idNumber' });
    const check = await post(
      platform.gatewayUrl,
      `{ subjectByIdNumber(idNumber: "33038119520315432X") { name } }`,
      {},
      await token(Department.CIVIL_AFFAIRS, Role.ADMIN),
    );
    expect(check.data.subjectByIdNumber.name).toBe('陈秀英');
  });

  it('RecordUnionMember: an ID number the registry does not know is NOT_FOUND', async () => {
    const { errors } = await send(
      Department.TRADE_UNION,
      Role.STAFF,
      '330381',
      'RecordUnionMember',
      contractVariables('RecordUnionMember'),
    );
    expect(errors![0].extensions).toMatchObject({ code: 'NOT_FOUND', field: 'idNumber' });
  });

  it('RecordUnionMember: records the member once the registry knows the person', async () => {
    const register = contractVariables('RegisterSubject');
    register.input = {
      idNumber: '330381198805061239',
      name: '林建国',
      registeredRegionCode: '330381101009',
      household: { size: 4, monthlyIncomePerCapita: 1100 },
    };
    expect(
      (await send(Department.CIVIL_AFFAIRS, Role.STAFF, '330381', 'RegisterSubject', register)).errors,
    ).toBeUndefined();
    const { data, errors } = await send(
      Department.TRADE_UNION,
      Role.STAFF,
      '330381',
      'RecordUnionMember',
      contractVariables('RecordUnionMember'),
    );
    expect(errors).toBeUndefined();
    expect(data.recordUnionMember).toEqual({
      member: true,
      difficultWorker: { level: 'DEEP', since: '2025-09-01', reason: '家庭成员重病' },
    });
  });

  it('RecordDisability: the disability federation records the certificate in its own subgraph', async () => {
    const { data, errors } = await send(
      Department.DISABILITY,
      Role.STAFF,
      '330381',
      'RecordDisability',
      contractVariables('RecordDisability'),
    );
    expect(errors).toBeUndefined();
    expect(data.recordDisability).toEqual({
      certificateNumber: '33038119520315432X42',
      category: 'PHYSICAL',
      grade: 2,
    });
  });

  it('RecordMedical: the health department records insurance and spending', async () => {
    const { data, errors } = await send(
      Department.HEALTH,
      Role.STAFF,
      '330381',
      'RecordMedical',
      contractVariables('RecordMedical'),
    );
    expect(errors).toBeUndefined();
    expect(data.recordMedical).toEqual({
      insuranceType: 'RESIDENT',
      majorIllness: true,
      outOfPocketLast12Months: 23000,
    });
  });

  it('AddCharityResource: charity adds a resource to its library', async () => {
    const { data, errors } = await send(
      Department.CHARITY,
      Role.STAFF,
      '330381',
      'AddCharityResource',
      contractVariables('AddCharityResource'),
    );
    expect(errors).toBeUndefined();
    expect(data.addCharityResource).toMatchObject({
      id: expect.any(String),
      name: '瑞安市慈善总会助医项目',
      kind: 'CHARITY_PROJECT',
      regionCode: '330381',
      capacity: 50,
    });
  });

  it('StartVisit: opens a visit by ID number; the record fills itself and the template comes back', async () => {
    const { data, errors } = await send(
      Department.CIVIL_AFFAIRS,
      Role.VISITOR,
      '330381101',
      'StartVisit',
      contractVariables('StartVisit'),
    );
    expect(errors).toBeUndefined();
    expect(data.startVisit.subject).toMatchObject({
      name: '陈秀英',
      tier: 'HIGH_RISK',
      household: { size: 1 },
    });
    expect(data.startVisit.template.dimensions.length).toBeGreaterThanOrEqual(6);
    expect(data.startVisit.template.dimensions[0]).toEqual({
      key: expect.any(String),
      label: expect.any(String),
      items: expect.any(Array),
    });
    visitId = data.startVisit.id;
  });

  it('EndVisit: ends the visit as written; one dimension of six leaves it incomplete, so the due date stands', async () => {
    const entry = async () =>
      (
        await post(
          platform.gatewayUrl,
          `{ overdueVisits(regionCode: "330381101", asOf: "2099-12-31") { subject { idNumber } dueAt reason } }`,
          {},
          await token(Department.CIVIL_AFFAIRS, Role.STAFF, '330381101'),
        )
      ).data.overdueVisits.find((o: any) => o.subject.idNumber === '33038119520315432X');
    const due = async () => (await entry()).dueAt;
    // RecordMedical's new serious illness reaches civil affairs by health's outbox and opens an urgent
    // case (a visit within 24 h): wait for it, or it may land between the two readings
    for (let i = 0; i < 60 && (await entry()).reason !== '急难事件后限时走访'; i++)
      await new Promise((resolve) => setTimeout(resolve, 500));
    expect((await entry()).reason).toBe('急难事件后限时走访');
    const before = await due();
    const vars = contractVariables('EndVisit', { '<visit id from StartVisit>': visitId });
    const { data, errors } = await send(
      Department.CIVIL_AFFAIRS,
      Role.VISITOR,
      '330381101',
      'EndVisit',
      vars,
    );
    expect(errors).toBeUndefined();
    expect(data.endVisit).toMatchObject({ id: visitId, endedAt: expect.any(String), urgentCase: null });
    // Rui'an's pack asks for all six dimensions (瑞救办〔2021〕5号 二(一)); the example gives health only
    expect(data.endVisit.nextDueAt).toBe(before);
    expect(await due()).toBe(before);
  });

  it('EndVisit: a visit assessing all six dimensions computes the next due date from the pack', async () => {
    const started = await send(
      Department.CIVIL_AFFAIRS,
      Role.VISITOR,
      '330381101',
      'StartVisit',
      contractVariables('StartVisit'),
    );
    const vars = contractVariables('EndVisit', { '<visit id from StartVisit>': started.data.startVisit.id });
    vars.input.findings = started.data.startVisit.template.dimensions.map((d: any) =>
      d.key === 'health' ? vars.input.findings[0] : { dimension: d.key, status: 'OK' },
    );
    const { data, errors } = await send(
      Department.CIVIL_AFFAIRS,
      Role.VISITOR,
      '330381101',
      'EndVisit',
      vars,
    );
    expect(errors).toBeUndefined();
    // high-risk in Rui'an: weekly (瑞救办〔2021〕5号 四(二))
    expect(new Date(data.endVisit.nextDueAt).getTime() - new Date(vars.input.endedAt).getTime()).toBe(
      7 * 86_400_000,
    );
  });

  it("SignOffVisit: a signature is kept; in a region whose pack names no roles (Rui'an) the ended visit is confirmed", async () => {
    const { data, errors } = await send(
      Department.CIVIL_AFFAIRS,
      Role.STAFF,
      '330381101',
      'SignOffVisit',
      contractVariables('SignOffVisit', { '<visit id from StartVisit>': visitId }),
    );
    expect(errors).toBeUndefined();
    expect(data.signOffVisit).toEqual({ id: visitId, confirmed: true, missingSignOffs: [] });
  });

  it('OverdueVisits: lists who should have been visited by then, with the last visit', async () => {
    const { data, errors } = await send(
      Department.CIVIL_AFFAIRS,
      Role.STAFF,
      '330381101',
      'OverdueVisits',
      contractVariables('OverdueVisits'),
    );
    expect(errors).toBeUndefined();
    const row = data.overdueVisits.find((o: any) => o.subject.name === '陈秀英');
    expect(row).toMatchObject({
      subject: { tier: 'HIGH_RISK' },
      lastVisitAt: expect.any(String),
      dueAt: expect.any(String),
    });
    expect(new Date(row.dueAt) < new Date('2026-12-31T00:00:00+08:00')).toBe(true);
  });

  it("JoinHousehold: a second person joins 陈秀英's household; both share one file, listed with their relation", async () => {
    const { data, errors } = await send(
      Department.CIVIL_AFFAIRS,
      Role.STAFF,
      '330381',
      'JoinHousehold',
      contractVariables('JoinHousehold'),
    );
    expect(errors).toBeUndefined();
    expect(data.registerSubject.household.size).toBe(2);
    expect(data.registerSubject.household.members).toEqual([
      { idNumber: '33038119520315432X', name: '陈秀英', relation: 'HEAD' },
      { idNumber: '330381195205104326', name: '林阿娥', relation: 'SPOUSE' },
    ]);
    const first = await post(
      platform.gatewayUrl,
      `{ subjectByIdNumber(idNumber: "33038119520315432X") { household { id size } } }`,
      {},
      await token(Department.CIVIL_AFFAIRS, Role.ADMIN),
    );
    expect(first.data.subjectByIdNumber.household).toEqual({
      id: data.registerSubject.household.id,
      size: 2,
    });
  });

  it('FileDiscovery: a window files a proactive-discovery record on the spot', async () => {
    const { data, errors } = await send(
      Department.HEALTH,
      Role.WINDOW,
      '330381',
      'FileDiscovery',
      contractVariables('FileDiscovery'),
    );
    expect(errors).toBeUndefined();
    expect(data.fileDiscovery).toMatchObject({
      method: 'IN_WORK',
      category: 'MAY_QUALIFY_NOT_APPLIED',
      suspectedAssistance: ['MEDICAL'],
      status: 'OPEN',
      subject: { name: '陈秀英' },
    });
    discoveryId = data.fileDiscovery.id;
  });

  it("Discoveries: the township's ledger lists every lead with its investigation outcome", async () => {
    const { data, errors } = await send(
      Department.CIVIL_AFFAIRS,
      Role.STAFF,
      '330381101',
      'Discoveries',
      contractVariables('Discoveries'),
    );
    expect(errors).toBeUndefined();
    expect(data.discoveries).toContainEqual(
      expect.objectContaining({
        id: discoveryId,
        method: 'IN_WORK',
        status: 'OPEN',
        subject: expect.objectContaining({ name: '陈秀英' }),
        outcome: null,
      }),
    );
  });

  it("CrossLineLookup: every department's status and the programs the person may qualify for, with reasons", async () => {
    const { data, errors } = await send(
      Department.CIVIL_AFFAIRS,
      Role.WINDOW,
      '330381',
      'CrossLineLookup',
      contractVariables('CrossLineLookup'),
    );
    expect(errors).toBeUndefined();
    const s = data.subjectByIdNumber;
    expect(s).toMatchObject({
      idNumber: '33038119520315432X',
      name: '陈秀英',
      tier: 'HIGH_RISK',
      disability: { certificateNumber: '33038119520315432X42', category: 'PHYSICAL', grade: 2 },
      medical: { insuranceType: 'RESIDENT', majorIllness: true, outOfPocketLast12Months: 23000 },
      charity: { activeMatches: [] },
    });
    const departments = new Set(s.eligibility.map((e: any) => e.program.department));
    expect(departments.size).toBe(5);
    const care = s.eligibility.find((e: any) => e.program.id === 'DISABILITY:care-subsidy');
    expect(care).toMatchObject({
      eligible: true,
      enrolled: false,
      program: { name: '重度残疾人护理补贴', department: 'DISABILITY' },
    });
    expect(care.reasons.length).toBeGreaterThan(1);
  });

  it("AuditTrail: the window's cross-line lookup appears as each partner's read of its fields, verified", async () => {
    const { data, errors } = await send(
      Department.CIVIL_AFFAIRS,
      Role.ADMIN,
      null,
      'AuditTrail',
      contractVariables('AuditTrail'),
    );
    expect(errors).toBeUndefined();
    expect(data.auditTrail.verified).toBe(true);
    const reads = data.auditTrail.entries.filter((e: any) => e.operation === 'CrossLineLookup');
    expect(reads[0]).toMatchObject({ department: 'CIVIL_AFFAIRS', role: 'WINDOW', at: expect.any(String) });
    expect(reads.flatMap((e: any) => e.fields)).toEqual(
      expect.arrayContaining([
        'disability.grade',
        'medical.majorIllness',
        'healthPrograms',
        'charityPrograms',
      ]),
    );
    const writes = data.auditTrail.entries.map((e: any) => e.operation);
    expect(writes).toEqual(expect.arrayContaining(['registerSubject', 'recordDisability', 'recordMedical']));
    // every department whose data the lookup read recorded it, under the lookup's one request id
    const detail = await post(
      platform.gatewayUrl,
      `query($id: String!) { auditTrail(idNumber: $id) { entries { operation recordedBy requestId } } }`,
      { id: contractVariables('AuditTrail').idNumber },
      await token(Department.CIVIL_AFFAIRS, Role.ADMIN),
    );
    const lookups = detail.data.auditTrail.entries.filter((e: any) => e.operation === 'CrossLineLookup');
    const byRequest = new Map<string, Set<string>>();
    for (const e of lookups)
      byRequest.set(e.requestId, (byRequest.get(e.requestId) ?? new Set()).add(e.recordedBy));
    expect(byRequest.size).toBeGreaterThan(0);
    for (const departments of byRequest.values())
      expect([...departments].sort()).toEqual(['CHARITY', 'DISABILITY', 'HEALTH', 'TRADE_UNION']);
  });

  it("MyAccessLog: the person sees the window's cross-line lookup in each partner's data: department, role, fields, never who", async () => {
    const { idNumber } = contractVariables('CrossLineLookup');
    const citizen = await signCitizenToken(idNumber, AUTH);
    // partners ship their entries in the background every OUTBOX_INTERVAL_MS (1 s by default)
    let entries: Array<Record<string, any>> = [];
    for (const until = Date.now() + 10_000; Date.now() < until;) {
      const { data, errors } = await post(
        platform.gatewayUrl,
        byName('MyAccessLog'),
        contractVariables('MyAccessLog'),
        citizen,
      );
      expect(errors).toBeUndefined();
      entries = data.myAccessLog;
      const fields = entries.filter((e) => e.operation === 'CrossLineLookup').flatMap((e) => e.fields);
      if (fields.includes('medical.majorIllness') && fields.includes('disability.grade')) break;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    const reads = entries.filter((e) => e.operation === 'CrossLineLookup');
    expect(reads[0]).toEqual({
      at: expect.any(String),
      department: 'CIVIL_AFFAIRS',
      role: 'WINDOW',
      operation: 'CrossLineLookup',
      fields: expect.any(Array),
    });
    // only the partners record a civil-affairs window's read of their fields
    expect(reads.flatMap((e) => e.fields)).toEqual(
      expect.arrayContaining(['disability.grade', 'medical.majorIllness', 'healthPrograms']),
    );
    expect(entries.map((e) => e.operation)).toEqual(
      expect.arrayContaining(['registerSubject', 'recordDisability', 'recordMedical']),
    );
    // no field names who: asking for one is a validation error, and a citizen token opens nothing else
    const who = await post(platform.gatewayUrl, `{ myAccessLog { at user } }`, {}, citizen);
    expect(who.errors![0].extensions).toMatchObject({ code: 'GRAPHQL_VALIDATION_FAILED' });
    const lookup = await post(platform.gatewayUrl, byName('CrossLineLookup'), { idNumber }, citizen);
    expect(lookup.errors![0].extensions).toMatchObject({ code: 'FORBIDDEN' });
  });

  it('ReportUrgentCase and UrgentCases: a dashboard hears of the case with other departments’ fields; the visit is due in 24 h', async () => {
    const dashboard = wsClient(
      platform.gatewayUrl,
      await token(Department.CIVIL_AFFAIRS, Role.DASHBOARD, '330381'),
    );
    try {
      const sub = subscribe(dashboard, byName('UrgentCases'), contractVariables('UrgentCases'));
      await new Promise((resolve) => setTimeout(resolve, 700));
      const vars = contractVariables('ReportUrgentCase');
      const { data, errors } = await send(
        Department.CIVIL_AFFAIRS,
        Role.STAFF,
        '330381',
        'ReportUrgentCase',
        vars,
      );
      expect(errors).toBeUndefined();
      expect(data.reportUrgentCase).toMatchObject({ kind: 'FIRE', subject: { name: '陈秀英' } });
      expect(
        new Date(data.reportUrgentCase.visitDeadline).getTime() - new Date(vars.input.occurredAt).getTime(),
      ).toBe(24 * 3600_000);
      const [event] = await sub.waitFor(1);
      expect(event.urgentCaseReported.case).toMatchObject({
        id: data.reportUrgentCase.id,
        subject: { name: '陈秀英', disability: { grade: 2 }, medical: { majorIllness: true } },
      });
    } finally {
      await dashboard.dispose();
    }
  });

  it('CreateReferral, ReferralsReceived and ReferralInbox: the disability federation receives the referral', async () => {
    const lookup = await send(
      Department.CIVIL_AFFAIRS,
      Role.WINDOW,
      '330381',
      'CrossLineLookup',
      contractVariables('CrossLineLookup'),
    );
    const programId = lookup.data.subjectByIdNumber.eligibility.find(
      (e: any) => e.program.id === 'DISABILITY:care-subsidy',
    ).program.id;
    const federation = wsClient(
      platform.gatewayUrl,
      await token(Department.DISABILITY, Role.STAFF, '330381'),
    );
    try {
      const sub = subscribe(federation, byName('ReferralsReceived'), contractVariables('ReferralsReceived'));
      await new Promise((resolve) => setTimeout(resolve, 700));
      const created = await send(
        Department.CIVIL_AFFAIRS,
        Role.WINDOW,
        '330381',
        'CreateReferral',
        contractVariables('CreateReferral', { '<a Program id from CrossLineLookup eligibility>': programId }),
      );
      expect(created.errors).toBeUndefined();
      expect(created.data.createReferral).toMatchObject({
        status: 'PENDING',
        fromDepartment: 'CIVIL_AFFAIRS',
        program: { id: programId, department: 'DISABILITY' },
        subject: { name: '陈秀英' },
      });
      referralId = created.data.createReferral.id;
      const [event] = await sub.waitFor(1);
      expect(event.referralReceived.referral).toMatchObject({
        id: referralId,
        subject: { name: '陈秀英' },
        program: { id: programId },
      });
    } finally {
      await federation.dispose();
    }
    const inbox = await send(
      Department.DISABILITY,
      Role.STAFF,
      '330381',
      'ReferralInbox',
      contractVariables('ReferralInbox'),
    );
    expect(inbox.errors).toBeUndefined();
    expect(inbox.data.referrals).toContainEqual(
      expect.objectContaining({
        id: referralId,
        status: 'PENDING',
        subject: expect.objectContaining({ disability: { grade: 2 } }),
      }),
    );
  });

  it('AcceptReferral and CompleteReferral: the receiving department moves it to ACCEPTED, then COMPLETED', async () => {
    const fill = { '<referral id from CreateReferral>': referralId };
    const accepted = await send(
      Department.DISABILITY,
      Role.STAFF,
      '330381',
      'AcceptReferral',
      contractVariables('AcceptReferral', fill),
    );
    expect(accepted.data.acceptReferral).toEqual({ id: referralId, status: 'ACCEPTED' });
    const completed = await send(
      Department.DISABILITY,
      Role.STAFF,
      '330381',
      'CompleteReferral',
      contractVariables('CompleteReferral', fill),
    );
    expect(completed.data.completeReferral).toEqual({ id: referralId, status: 'COMPLETED' });
  });

  it('RejectReferral: a pending referral is rejected with its reason', async () => {
    const created = await send(
      Department.CIVIL_AFFAIRS,
      Role.WINDOW,
      '330381',
      'CreateReferral',
      contractVariables('CreateReferral', {
        '<a Program id from CrossLineLookup eligibility>': 'DISABILITY:rehabilitation',
      }),
    );
    const id = created.data.createReferral.id;
    const rejected = await send(
      Department.DISABILITY,
      Role.STAFF,
      '330381',
      'RejectReferral',
      contractVariables('RejectReferral', { '<referral id from CreateReferral>': id }),
    );
    expect(rejected.data.rejectReferral).toEqual({ id, status: 'REJECTED' });
  });

  it("MonthlyReport: Qingpu's 表一 as data, the source table's headers and the same rows as the CSV file", async () => {
    const village = villagesUnder('310118', 1)[0];
    const person = buildSubject(rng(1101), village, {
      residenceRegionCode: village,
      assistance: [],
      household: { size: 1, monthlyIncomePerCapita: 500 },
    });
    const register = contractVariables('RegisterSubject');
    register.input = person;
    expect(
      (await send(Department.CIVIL_AFFAIRS, Role.STAFF, '310118', 'RegisterSubject', register)).errors,
    ).toBeUndefined();
    const vars = contractVariables('MonthlyReport');
    const { data, errors } = await send(
      Department.CIVIL_AFFAIRS,
      Role.STAFF,
      '310118',
      'MonthlyReport',
      vars,
    );
    expect(errors).toBeUndefined();
    expect(data.monthlyReport.columns).toEqual(REPORT_TABLES['qingpu-1'].columns.map((c) => c.header));
    expect(new Date(data.monthlyReport.generatedAt).getTime()).not.toBeNaN();
    const row = data.monthlyReport.rows.find((cells: string[]) => cells.includes(person.idNumber));
    expect(row[data.monthlyReport.columns.indexOf('姓名')]).toBe(person.name);
    const file = await fetch(
      `${platform.gatewayUrl.replace(/\/graphql$/, '')}/reports/${vars.table}.csv?region=${vars.regionCode}&month=${vars.month}`,
      { headers: { authorization: `Bearer ${await token(Department.CIVIL_AFFAIRS, Role.STAFF, '310118')}` } },
    );
    expect(file.status).toBe(200);
    const lines = (await file.text())
      .replace(/^\uFEFF/, '')
      .split('\r\n')
      .filter(Boolean);
    expect(lines).toHaveLength(data.monthlyReport.rows.length + 1);
    expect(lines.find((l) => l.includes(person.idNumber))).toBe(row.join(','));
  });

  it('reads the registry, disability, trade-union and medical records back in one query', async () => {
    const { data, errors } = await post(
      platform.gatewayUrl,
      `query($a: String!, $b: String!) {
        a: subjectByIdNumber(idNumber: $a) { name disability { grade } medical { majorIllness outOfPocketLast12Months } charity { activeMatches { status } } }
        b: subjectByIdNumber(idNumber: $b) { name tradeUnion { member difficultWorker { level } } }
      }`,
      { a: '33038119520315432X', b: '330381198805061239' },
      await token(Department.CIVIL_AFFAIRS, Role.WINDOW, '330381'),
    );
    expect(errors).toBeUndefined();
    expect(data).toEqual({
      a: {
        name: '陈秀英',
        disability: { grade: 2 },
        medical: { majorIllness: true, outOfPocketLast12Months: 23000 },
        charity: { activeMatches: [] },
      },
      b: { name: '林建国', tradeUnion: { member: true, difficultWorker: { level: 'DEEP' } } },
    });
  });
});
