import { Role } from '../../shared/auth';
import { Department } from '../../shared/departments';
import { FUZHOU_ASPECTS, buildSubject, rng, villagesUnder } from '../fixtures/factories';
import { TestSystem, startSystem } from '../helpers/system';

const REGISTER = `mutation($input: SubjectInput!) { registerSubject(input: $input) { id tier tierReason { rule source pack certain } } }`;
const START = `mutation($id: String!, $mode: VisitMode!) {
  startVisit(idNumber: $id, mode: $mode) { id tier subject { name tier household { size } } template { key dimensions { key label items } } }
}`;
const END = `mutation($id: ID!, $input: VisitFindingsInput!) {
  endVisit(id: $id, input: $input) { id endedAt nextDueAt changeReportDue assistancePlanDue urgentCase { id visitDeadline } }
}`;
const OVERDUE = `query($r: String!, $asOf: String) { overdueVisits(regionCode: $r, asOf: $asOf) { subject { idNumber tier } dueAt lastVisitAt reason } }`;

const RUIAN_DIMENSIONS = ['economy', 'health', 'education', 'housing', 'employment', 'socialParticipation'];

describe('visiting care through the gateway', () => {
  let system: TestSystem;
  let staff: ReturnType<TestSystem['as']>;
  let visitor: ReturnType<TestSystem['as']>;
  const r = rng(4);
  const now = () => new Date().toISOString();

  beforeAll(async () => {
    system = await startSystem();
    staff = system.as(Department.CIVIL_AFFAIRS, Role.STAFF, '330381');
    visitor = system.as(Department.CIVIL_AFFAIRS, Role.VISITOR, '330381101');
  });
  afterAll(() => system?.close());

  const register = async (over: object, region = '330381101009') => {
    const input = buildSubject(r, region, over);
    const { data, errors } = await system.as(Department.CIVIL_AFFAIRS)(REGISTER, { input });
    expect(errors).toBeUndefined();
    return { input, ...data.registerSubject };
  };

  it("registerSubject returns the tier the region's pack gives, with the rule and its source", async () => {
    const old = await register({
      idNumber: '33038119520315432X',
      livingAlone: true,
      dispersedSupport: true,
      assistance: [{ category: 'TEKUN', status: 'ACTIVE', since: '2019-04-01', until: null }],
    });
    expect(old.tier).toBe('HIGH_RISK');
    expect(old.tierReason).toMatchObject({
      rule: '70岁以上分散供养特困人员',
      pack: 'ruian-2021 v2',
      certain: true,
    });
    expect(old.tierReason.source).toMatch(/瑞救办〔2021〕5号/);
  });

  it('recomputes the tier when a department record it depends on changes', async () => {
    const p = await register({
      livingAlone: false,
      dispersedSupport: false,
      assistance: [{ category: 'DIBAO', status: 'ACTIVE', since: '2024-01-01', until: null }],
    });
    expect(p.tier).toBe('GENERAL');
    const health = system.as(Department.HEALTH, Role.STAFF, '330381');
    await health(`mutation($i: MedicalInput!) { recordMedical(input: $i) { majorIllness } }`, {
      i: {
        idNumber: p.input.idNumber,
        insuranceType: 'RESIDENT',
        majorIllness: true,
        outOfPocketLast12Months: 0,
      },
    });
    const tier = async () =>
      (
        await staff(`query($id: String!) { subjectByIdNumber(idNumber: $id) { tier tierReason { rule } } }`, {
          id: p.input.idNumber,
        })
      ).data.subjectByIdNumber;
    // the record's facts raise the tier at once (重病人员); health's push of the new serious illness
    // then opens an urgent case by outbox, which for a 低保 household is the high-risk rule. Which of
    // the two a read sees first depends on when the push lands; the push always lands.
    const illness = { tier: 'KEY', tierReason: { rule: '重病人员' } };
    const majorEvent = { tier: 'HIGH_RISK', tierReason: { rule: '最近遭遇重大变故的低保、低边对象' } };
    expect([illness, majorEvent]).toContainEqual(await tier());
    let last = await tier();
    for (let i = 0; i < 60 && last.tier !== 'HIGH_RISK'; i++) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      last = await tier();
    }
    expect(last).toEqual(majorEvent);
  });

  it('startVisit fills the record by ID number and returns the pack’s six-dimension template', async () => {
    const { data, errors } = await visitor(START, { id: '33038119520315432X', mode: 'HOME' });
    expect(errors).toBeUndefined();
    expect(data.startVisit.subject).toMatchObject({
      tier: 'HIGH_RISK',
      household: { size: expect.any(Number) },
    });
    expect(data.startVisit.template.dimensions.map((d: any) => d.key)).toEqual([
      'economy',
      'health',
      'education',
      'housing',
      'employment',
      'socialParticipation',
    ]);
  });

  it("refuses a phone visit where the region's pack requires a home visit", async () => {
    const { errors } = await visitor(START, { id: '33038119520315432X', mode: 'PHONE' });
    expect(errors![0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'mode',
      reason: 'PHONE_NOT_ALLOWED',
    });
  });

  it('an incomplete visit (Rui’an: a dimension not assessed) ends, names what is missing, and resets no due date', async () => {
    const dueBefore = await staff(OVERDUE, { r: '330381101', asOf: '2099-12-31' });
    const before = dueBefore.data.overdueVisits.find((o: any) => o.subject.idNumber === '33038119520315432X');
    const started = await visitor(START, { id: '33038119520315432X', mode: 'HOME' });
    const { data, errors } = await visitor(
      `mutation($id: ID!, $input: VisitFindingsInput!) { endVisit(id: $id, input: $input) { endedAt nextDueAt complete missingDimensions } }`,
      {
        id: started.data.startVisit.id,
        input: { endedAt: now(), findings: [{ dimension: 'health', status: 'CONCERN', note: '行动不便' }] },
      },
    );
    expect(errors).toBeUndefined();
    expect(data.endVisit).toMatchObject({
      complete: false,
      missingDimensions: ['economy', 'education', 'housing', 'employment', 'socialParticipation'],
      nextDueAt: before.dueAt,
    });
    const after = await staff(OVERDUE, { r: '330381101', asOf: '2099-12-31' });
    expect(
      after.data.overdueVisits.find((o: any) => o.subject.idNumber === '33038119520315432X'),
    ).toMatchObject({
      dueAt: before.dueAt,
      lastVisitAt: before.lastVisitAt,
    });
  });

  it('endVisit computes the next due date from the tier (weekly for high-risk) and ends only once', async () => {
    const started = await visitor(START, { id: '33038119520315432X', mode: 'HOME' });
    const id = started.data.startVisit.id;
    const endedAt = now();
    const input = {
      endedAt,
      findings: RUIAN_DIMENSIONS.map((dimension) =>
        dimension === 'health'
          ? { dimension, status: 'CONCERN', note: '行动不便' }
          : { dimension, status: 'OK' },
      ),
      needs: ['MEDICAL'],
      urgent: false,
      photoRef: 'photo-001.jpg',
      signatureRef: 'sig-001.png',
    };
    const { data, errors } = await visitor(END, { id, input });
    expect(errors).toBeUndefined();
    expect(new Date(data.endVisit.nextDueAt).getTime() - new Date(endedAt).getTime()).toBe(7 * 86_400_000);
    expect(data.endVisit.urgentCase).toBeNull();
    const again = await visitor(END, { id, input });
    expect(again.errors![0].extensions!.code).toBe('CONFLICT');
  });

  it('ends a visit once under 50 concurrent endVisit: one event, one audit entry, the others CONFLICT', async () => {
    const civil = system.subgraphs[Department.CIVIL_AFFAIRS].database.dataSource;
    const started = await visitor(START, { id: '33038119520315432X', mode: 'HOME' });
    const id = started.data.startVisit.id;
    const audited = async () =>
      (
        await civil.query(
          `select count(*)::int as n from audit_log where operation = 'endVisit' and kind = 'WRITE'`,
        )
      )[0].n;
    const auditedBefore = await audited();
    // each call its own findings: a lost update would show as a stored note that is not the winner's
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        visitor(END, {
          id,
          input: { endedAt: now(), findings: [{ dimension: 'health', status: 'CONCERN', note: `第${i}次` }] },
        }),
      ),
    );
    const ok = results.filter((x) => !x.errors);
    expect(ok).toHaveLength(1);
    expect(results.every((x) => x.status < 500)).toBe(true);
    expect(results.filter((x) => x.errors).map((x) => x.errors![0].extensions!.code)).toEqual(
      Array(49).fill('CONFLICT'),
    );
    const [stored] = await civil.query(`select ended_at, findings from visits where id = $1`, [id]);
    expect(stored.ended_at.toISOString()).toBe(ok[0].data.endVisit.endedAt);
    expect(JSON.stringify(stored.findings)).toContain(`第${results.indexOf(ok[0])}次`);
    const events = await civil.query(`select kind from events where entity_id = $1`, [id]);
    expect(events).toEqual([{ kind: 'VISIT' }]);
    expect((await audited()) - auditedBefore).toBe(1);
  });

  it('refuses findings for a dimension the template does not have, and a concern without a note', async () => {
    const started = await visitor(START, { id: '33038119520315432X', mode: 'HOME' });
    const id = started.data.startVisit.id;
    const unknown = await visitor(END, {
      id,
      input: { endedAt: now(), findings: [{ dimension: 'mood', status: 'OK' }] },
    });
    expect(unknown.errors![0].extensions).toMatchObject({
      field: 'input.findings[0].dimension',
      reason: 'UNKNOWN_DIMENSION',
    });
    const noNote = await visitor(END, {
      id,
      input: { endedAt: now(), findings: [{ dimension: 'housing', status: 'CONCERN' }] },
    });
    expect(noNote.errors![0].extensions).toMatchObject({
      field: 'input.findings[0].note',
      reason: 'REQUIRED',
    });
    const none = await visitor(END, { id, input: { endedAt: now(), findings: [] } });
    expect(none.errors![0].extensions).toMatchObject({ field: 'input.findings', reason: 'REQUIRED' });
    const badDate = await visitor(END, {
      id,
      input: { endedAt: '2026-13-01T10:00:00+08:00', findings: [{ dimension: 'housing', status: 'OK' }] },
    });
    expect(badDate.errors![0].extensions).toMatchObject({ field: 'input.endedAt', code: 'BAD_USER_INPUT' });
  });

  it('an urgent finding opens an urgent case with a 24-hour visit deadline and raises the tier', async () => {
    const p = await register({
      dispersedSupport: false,
      livingAlone: false,
      assistance: [{ category: 'DIBAO', status: 'ACTIVE', since: '2024-01-01', until: null }],
    });
    const started = await visitor(START, { id: p.input.idNumber, mode: 'HOME' });
    const endedAt = now();
    const { data, errors } = await visitor(END, {
      id: started.data.startVisit.id,
      input: { endedAt, findings: [{ dimension: 'housing', status: 'URGENT', note: '住房失火' }] },
    });
    expect(errors).toBeUndefined();
    expect(new Date(data.endVisit.urgentCase.visitDeadline).getTime() - new Date(endedAt).getTime()).toBe(
      24 * 3600_000,
    );
    const after = await staff(`query($id: String!) { subjectByIdNumber(idNumber: $id) { tier } }`, {
      id: p.input.idNumber,
    });
    expect(after.data.subjectByIdNumber.tier).toBe('HIGH_RISK');
  });

  it('ends visits with urgent findings while urgent cases are reported for the same people: no deadlock, each event once', async () => {
    // both write the subject's standing and append to the event log, whose order lock is held until
    // commit: were the lock taken before the standing's row lock, the two would wait on each other
    const civil = system.subgraphs[Department.CIVIL_AFFAIRS].database.dataSource;
    const report = `mutation($i: UrgentCaseInput!) { reportUrgentCase(input: $i) { id } }`;
    const people: Awaited<ReturnType<typeof register>>[] = [];
    for (let i = 0; i < 6; i++)
      people.push(
        await register({
          dispersedSupport: false,
          livingAlone: false,
          assistance: [{ category: 'DIBAO', status: 'ACTIVE', since: '2024-01-01', until: null }],
        }),
      );
    const visits: string[] = [];
    for (const p of people)
      visits.push((await visitor(START, { id: p.input.idNumber, mode: 'HOME' })).data.startVisit.id);
    const results = await Promise.all(
      people.flatMap((p, i) => [
        ...Array.from({ length: 2 }, () =>
          visitor(report, {
            i: { idNumber: p.input.idNumber, kind: 'FIRE', occurredAt: now(), description: '住房失火' },
          }),
        ),
        visitor(END, {
          id: visits[i],
          input: { endedAt: now(), findings: [{ dimension: 'housing', status: 'URGENT', note: '住房失火' }] },
        }),
        visitor(report, {
          i: { idNumber: p.input.idNumber, kind: 'OTHER', occurredAt: now(), description: '突发疾病' },
        }),
      ]),
    );
    expect(results.filter((x) => x.errors).map((x) => x.errors)).toEqual([]);
    const ids = [
      ...visits,
      ...results.flatMap((x) => [x.data.reportUrgentCase?.id, x.data.endVisit?.urgentCase?.id]),
    ].filter(Boolean);
    expect(ids).toHaveLength(6 + 6 * 3 + 6);
    const events = await civil.query(`select entity_id, kind from events where entity_id = any($1::uuid[])`, [
      ids,
    ]);
    expect(events.filter((e: any) => e.kind === 'VISIT')).toHaveLength(6);
    expect(events.filter((e: any) => e.kind === 'URGENT_CASE')).toHaveLength(6 * 3 + 6);
    expect(new Set(events.map((e: any) => e.entity_id)).size).toBe(ids.length);
  });

  it('lists overdue visits of a township: never-visited people and those past their interval', async () => {
    const fresh = await register({
      assistance: [],
      livingAlone: false,
      dispersedSupport: false,
    });
    const { data, errors } = await staff(OVERDUE, { r: '330381101', asOf: '2027-06-30' });
    expect(errors).toBeUndefined();
    const ids = data.overdueVisits.map((o: any) => o.subject.idNumber);
    expect(ids).toContain(fresh.input.idNumber);
    expect(ids).toContain('33038119520315432X');
    const visited = data.overdueVisits.find((o: any) => o.subject.idNumber === '33038119520315432X');
    expect(visited.lastVisitAt).not.toBeNull();
    const today = await staff(OVERDUE, { r: '330381101', asOf: null });
    expect(today.data.overdueVisits.map((o: any) => o.subject.idNumber)).not.toContain('33038119520315432X');
  });

  it('moves the visiting duty to the residence township when the pack allows delegation (人户分离)', async () => {
    const admin = system.as(Department.CIVIL_AFFAIRS, Role.ADMIN);
    const delegate = `mutation($id: String!, $t: String!) { delegateVisits(idNumber: $id, townshipCode: $t, reason: "长期居住在外镇") { idNumber } }`;
    const ruianPerson = await register({});
    const refused = await admin(delegate, { id: ruianPerson.input.idNumber, t: '330381001' });
    expect(refused.errors![0].extensions!.code).toBe('CONFLICT');
    const fuzhouVillage = villagesUnder('350102001', 1)[0];
    const p = await register({}, fuzhouVillage);
    expect((await admin(delegate, { id: p.input.idNumber, t: '350102002' })).errors).toBeUndefined();
    const home = await admin(OVERDUE, { r: '350102001', asOf: '2027-06-30' });
    const there = await admin(OVERDUE, { r: '350102002', asOf: '2027-06-30' });
    expect(home.data.overdueVisits.map((o: any) => o.subject.idNumber)).not.toContain(p.input.idNumber);
    expect(there.data.overdueVisits.map((o: any) => o.subject.idNumber)).toContain(p.input.idNumber);
  });

  it('sets the change report and plan deadlines in working days from the calendar table (Fuzhou, National Day)', async () => {
    const admin = system.as(Department.CIVIL_AFFAIRS, Role.ADMIN);
    const p = await register(
      { assistance: [{ category: 'DIBAO', status: 'ACTIVE', since: '2024-01-01', until: null }] },
      villagesUnder('350102003', 1)[0],
    );
    const importIt = () =>
      admin(
        `mutation($id: String!, $in: VisitFindingsInput!) {
        importVisit(idNumber: $id, mode: PHONE, visitor: "包村干部", startedAt: "2026-09-30T09:00:00+08:00", input: $in) {
          id visitor startedAt endedAt changeReportDue assistancePlanDue nextDueAt template { seasons dimensions { key items } }
        }
      }`,
        {
          id: p.input.idNumber,
          in: {
            endedAt: '2026-09-30T10:00:00+08:00',
            // Fuzhou refuses a patrol that leaves out one of its six aspects (四(二))
            findings: FUZHOU_ASPECTS.map((dimension) =>
              dimension === 'family'
                ? { dimension, status: 'CONCERN', note: '家庭收入下降' }
                : { dimension, status: 'OK' },
            ),
            changes: ['INCOME'],
            signOffs: [{ role: '村（居）主任', name: '王主任', signedAt: '2026-09-30T11:00:00+08:00' }],
          },
        },
      );
    const { data, errors } = await importIt();
    expect(errors).toBeUndefined();
    expect(data.importVisit).toMatchObject({
      visitor: '包村干部',
      changeReportDue: '2026-10-09',
      // until the township reports, the plan is due 3 working days after the report's deadline (五(三))
      assistancePlanDue: '2026-10-13',
    });
    expect(data.importVisit.template.seasons).toEqual(['汛期']);
    // key (低保) in Fuzhou: at least quarterly
    expect(data.importVisit.nextDueAt).toBe(new Date('2026-12-30T10:00:00+08:00').toISOString());
    // sent again (its answer lost on the way): the same visit, not a second one
    const again = await importIt();
    expect(again.errors).toBeUndefined();
    expect(again.data.importVisit.id).toBe(data.importVisit.id);
    const listed = await admin(
      `{ changeDeadlines(regionCode: "350102003", includeDone: true) { id subject { idNumber } } }`,
    );
    expect(listed.data.changeDeadlines.filter((v: any) => v.subject.idNumber === p.input.idNumber)).toEqual([
      { id: data.importVisit.id, subject: { idNumber: p.input.idNumber } },
    ]);
    const list = await admin(
      `{ changeDeadlines(regionCode: "350102003") { changeReportDue subject { idNumber } } }`,
    );
    expect(list.data.changeDeadlines).toContainEqual({
      changeReportDue: '2026-10-09',
      subject: { idNumber: p.input.idNumber },
    });
  });

  it('lets an ADMIN publish a new pack version and refuses an invalid one naming the path', async () => {
    const admin = system.as(Department.CIVIL_AFFAIRS, Role.ADMIN);
    const current = await admin(`{ policyPack(key: "ruian-2021") { version document } }`);
    const document = {
      ...current.data.policyPack.document,
      visits: { ...current.data.policyPack.document.visits, phoneAllowedFor: ['GENERAL'] },
    };
    const published = await admin(
      `mutation($d: JSONObject!) { publishPolicyPack(document: $d) { key version publishedBy } }`,
      { d: document },
    );
    expect(published.data.publishPolicyPack).toMatchObject({
      key: 'ruian-2021',
      version: current.data.policyPack.version + 1,
    });
    const invalid = await admin(`mutation($d: JSONObject!) { publishPolicyPack(document: $d) { version } }`, {
      d: { ...document, tiers: [] },
    });
    expect(invalid.errors![0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'document.tiers',
      reason: 'INVALID_PACK',
    });
    const byStaff = await staff(`mutation($d: JSONObject!) { publishPolicyPack(document: $d) { version } }`, {
      d: document,
    });
    expect(byStaff.errors![0].extensions!.code).toBe('FORBIDDEN');
  });

  it('lets a region inherit its parent’s pack, and an ADMIN assign another', async () => {
    const admin = system.as(Department.CIVIL_AFFAIRS, Role.ADMIN);
    const inherited = await admin(`{ regionPolicy(regionCode: "350102001") { assignedAt packKey } }`);
    expect(inherited.data.regionPolicy).toEqual({ assignedAt: '3501', packKey: 'fuzhou-2018' });
    const assigned = await admin(
      `mutation { assignPolicyPack(regionCode: "350102001", packKey: "ruian-2021") { assignedAt packKey } }`,
    );
    expect(assigned.data.assignPolicyPack).toEqual({ assignedAt: '350102001', packKey: 'ruian-2021' });
    const unknown = await admin(
      `mutation { assignPolicyPack(regionCode: "350102001", packKey: "nowhere-2030") { packKey } }`,
    );
    expect(unknown.errors![0].extensions).toMatchObject({ code: 'NOT_FOUND', field: 'packKey' });
  });
  it('Fuzhou refuses a patrol that leaves out one of its six aspects, and writes nothing', async () => {
    const p = await register(
      { assistance: [{ category: 'DIBAO', status: 'ACTIVE', since: '2024-01-01', until: null }] },
      villagesUnder('350102003', 1)[0],
    );
    const fuzhou = system.as(Department.CIVIL_AFFAIRS, Role.STAFF, '350102003');
    const started = await fuzhou(START, { id: p.input.idNumber, mode: 'HOME' });
    const id = started.data.startVisit.id;
    const five = FUZHOU_ASPECTS.filter((a) => a !== 'safety').map((dimension) => ({
      dimension,
      status: 'OK',
    }));
    const refused = await fuzhou(END, { id, input: { endedAt: now(), findings: five } });
    expect(refused.errors![0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'input.findings',
      reason: 'INCOMPLETE',
    });
    expect(refused.errors![0].message).toContain('safety');
    const visit = await fuzhou(`query($id: ID!) { visit(id: $id) { endedAt } }`, { id });
    expect(visit.data.visit.endedAt).toBeNull();
  });

  it("records each dimension's sub-items and the visiting team with roles (Rui'an 党员 + 救助社工 + 网格员)", async () => {
    const started = await visitor(START, { id: '33038119520315432X', mode: 'HOME' });
    const { data, errors } = await visitor(
      `mutation($id: ID!, $input: VisitFindingsInput!) {
        endVisit(id: $id, input: $input) { complete coVisitors team { name role } findings { dimension items { item status note } } }
      }`,
      {
        id: started.data.startVisit.id,
        input: {
          endedAt: now(),
          findings: RUIAN_DIMENSIONS.map((dimension) =>
            dimension === 'health'
              ? {
                  dimension,
                  status: 'CONCERN',
                  note: '行动不便',
                  items: [
                    { item: '失能或半失能', status: 'CONCERN', note: '需人搀扶' },
                    { item: '心理状况', status: 'OK' },
                  ],
                }
              : { dimension, status: 'OK' },
          ),
          team: [
            { name: '王党员', role: '党员' },
            { name: '李社工', role: '救助社工' },
            { name: '张网格', role: '网格员' },
          ],
        },
      },
    );
    expect(errors).toBeUndefined();
    expect(data.endVisit.complete).toBe(true);
    expect(data.endVisit.team).toEqual([
      { name: '王党员', role: '党员' },
      { name: '李社工', role: '救助社工' },
      { name: '张网格', role: '网格员' },
    ]);
    expect(data.endVisit.coVisitors).toEqual(['王党员', '李社工', '张网格']);
    expect(data.endVisit.findings.find((f: any) => f.dimension === 'health').items).toEqual([
      { item: '失能或半失能', status: 'CONCERN', note: '需人搀扶' },
      { item: '心理状况', status: 'OK', note: null },
    ]);
  });

  it("a 幸福清单 delivery is its own kind of visit in Rui'an: photo and signature, and no due date reset", async () => {
    const before = (await staff(OVERDUE, { r: '330381101', asOf: '2099-12-31' })).data.overdueVisits.find(
      (o: any) => o.subject.idNumber === '33038119520315432X',
    );
    const start = `mutation($id: String!, $kind: VisitKind!) { startVisit(idNumber: $id, mode: HOME, kind: $kind) { id kind } }`;
    const started = await visitor(start, { id: '33038119520315432X', kind: 'HAPPINESS_LIST_DELIVERY' });
    expect(started.data.startVisit.kind).toBe('HAPPINESS_LIST_DELIVERY');
    const id = started.data.startVisit.id;
    const noPhoto = await visitor(END, {
      id,
      input: { endedAt: now(), findings: [], signatureRef: 'sig.png' },
    });
    expect(noPhoto.errors![0].extensions).toMatchObject({ field: 'input.photoRef', reason: 'REQUIRED' });
    const { data, errors } = await visitor(
      `mutation($id: ID!, $input: VisitFindingsInput!) { endVisit(id: $id, input: $input) { kind complete nextDueAt photoRef signatureRef } }`,
      { id, input: { endedAt: now(), findings: [], photoRef: 'list.jpg', signatureRef: 'sig.png' } },
    );
    expect(errors).toBeUndefined();
    expect(data.endVisit).toMatchObject({
      kind: 'HAPPINESS_LIST_DELIVERY',
      complete: false,
      nextDueAt: before.dueAt,
    });
    // Fuzhou's pack has no such kind
    const p = await register({}, villagesUnder('350102003', 1)[0]);
    const fuzhou = system.as(Department.CIVIL_AFFAIRS, Role.STAFF, '350102003');
    const refused = await fuzhou(start, { id: p.input.idNumber, kind: 'HAPPINESS_LIST_DELIVERY' });
    expect(refused.errors![0].extensions).toMatchObject({ field: 'kind', reason: 'NOT_IN_PACK' });
  });

  it('needs found on a visit become suggested referrals, or a discovery the visitor confirms (once)', async () => {
    const started = await visitor(START, { id: '33038119520315432X', mode: 'HOME' });
    const id = started.data.startVisit.id;
    const ended = await visitor(
      `mutation($id: ID!, $input: VisitFindingsInput!) { endVisit(id: $id, input: $input) { suggestions { need department externalArea suspectedAssistance } } }`,
      {
        id,
        input: {
          endedAt: now(),
          findings: RUIAN_DIMENSIONS.map((dimension) =>
            dimension === 'economy'
              ? { dimension, status: 'CONCERN', note: '药费负担重' }
              : { dimension, status: 'OK' },
          ),
          needs: ['MEDICAL', 'CARE'],
        },
      },
    );
    expect(ended.errors).toBeUndefined();
    expect(ended.data.endVisit.suggestions).toEqual([
      { need: 'MEDICAL', department: 'HEALTH', externalArea: null, suspectedAssistance: ['MEDICAL'] },
      { need: 'CARE', department: null, externalArea: 'ELDERLY_CARE', suspectedAssistance: [] },
    ]);
    const confirm = `mutation($id: ID!, $needs: [String!]!) { confirmVisitNeeds(id: $id, needs: $needs) { id method suspectedAssistance status subject { idNumber } } }`;
    const unknown = await visitor(confirm, { id, needs: ['HOUSING'] });
    expect(unknown.errors![0].extensions).toMatchObject({ field: 'needs[0]', reason: 'UNKNOWN_NEED' });
    const first = await visitor(confirm, { id, needs: ['MEDICAL'] });
    expect(first.errors).toBeUndefined();
    expect(first.data.confirmVisitNeeds).toMatchObject({
      method: 'VISIT',
      suspectedAssistance: ['MEDICAL'],
      status: 'OPEN',
      subject: { idNumber: '33038119520315432X' },
    });
    const again = await visitor(confirm, { id, needs: ['MEDICAL'] });
    expect(again.data.confirmVisitNeeds.id).toBe(first.data.confirmVisitNeeds.id);
  });
});
