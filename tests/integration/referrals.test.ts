import { Role } from '../../shared/auth';
import { Department } from '../../shared/departments';
import { buildSubject, rng } from '../fixtures/factories';
import { contractOperations } from '../helpers/contract';
import { TestSystem, startSystem, token } from '../helpers/system';
import { subscribe, wsClient } from '../helpers/ws';

const CREATE = `mutation($i: ReferralInput!) { createReferral(input: $i) { id status fromDepartment program { id name department } subject { idNumber } } }`;
const ACCEPT = `mutation($id: ID!) { acceptReferral(id: $id, note: "已受理") { id status } }`;
const REJECT = `mutation($id: ID!, $reason: String!) { rejectReferral(id: $id, reason: $reason) { id status } }`;
const COMPLETE = `mutation($id: ID!, $outcome: String!) { completeReferral(id: $id, outcome: $outcome) { id status } }`;
// the contract's own ReferralFollowUp document, as written
const FOLLOW_UP = contractOperations().find((o) => o.name === 'ReferralFollowUp')!.document;
const WITHDRAW = `mutation($id: ID!) { withdrawReferral(id: $id) { id status } }`;

describe('referrals between departments', () => {
  let system: TestSystem;
  const r = rng(10);
  const person = buildSubject(r, '330381101009', {
    assistance: [{ category: 'DIBAO', status: 'ACTIVE', since: '2024-01-01', until: null }],
  });
  const window = () => system.as(Department.CIVIL_AFFAIRS, Role.WINDOW, '330381');
  const disability = () => system.as(Department.DISABILITY, Role.STAFF, '330381');
  const refer = (programId: string, extra: object = {}) =>
    window()(CREATE, { i: { idNumber: person.idNumber, programId, reason: '申请补贴', ...extra } });

  beforeAll(async () => {
    system = await startSystem();
    await system.as(Department.CIVIL_AFFAIRS)(
      `mutation($i: SubjectInput!) { registerSubject(input: $i) { id } }`,
      { i: person },
    );
    await system.as(Department.DISABILITY)(
      `mutation($i: DisabilityInput!) { recordDisability(input: $i) { grade } }`,
      {
        i: {
          idNumber: person.idNumber,
          certificateNumber: `${person.idNumber}42`,
          category: 'PHYSICAL',
          grade: 2,
        },
      },
    );
  });
  afterAll(() => system?.close());

  it('refers a subject to a program from its eligibility; the department sees it in its inbox', async () => {
    const { data, errors } = await refer('DISABILITY:care-subsidy');
    expect(errors).toBeUndefined();
    expect(data.createReferral).toMatchObject({
      status: 'PENDING',
      fromDepartment: 'CIVIL_AFFAIRS',
      program: { name: '重度残疾人护理补贴', department: 'DISABILITY' },
    });
    const inbox = await disability()(
      `{ referrals(department: DISABILITY, status: PENDING) { id reason subject { idNumber } } }`,
    );
    expect(inbox.data.referrals.map((x: any) => x.id)).toContain(data.createReferral.id);
    const other = await system.as(
      Department.HEALTH,
      Role.STAFF,
      '330381',
    )(`{ referrals(department: DISABILITY) { id } }`);
    expect(other.errors![0].extensions!.code).toBe('FORBIDDEN');
  });

  it('refuses a second open referral of the subject to the same program', async () => {
    const { errors } = await refer('DISABILITY:care-subsidy');
    expect(errors![0].extensions!.code).toBe('CONFLICT');
  });

  it('refuses an unknown program, naming programId', async () => {
    const { errors } = await refer('DISABILITY:space-travel');
    expect(errors![0].extensions).toMatchObject({ code: 'NOT_FOUND', field: 'programId' });
  });

  it('goes PENDING → ACCEPTED → COMPLETED, and refuses steps out of order', async () => {
    const { data } = await refer('DISABILITY:living-subsidy');
    const id = data.createReferral.id;
    expect((await disability()(COMPLETE, { id, outcome: 'x' })).errors![0].extensions!.code).toBe('CONFLICT');
    expect((await window()(ACCEPT, { id })).errors![0].extensions!.code).toBe('FORBIDDEN');
    expect((await disability()(ACCEPT, { id })).data.acceptReferral.status).toBe('ACCEPTED');
    expect((await disability()(COMPLETE, { id, outcome: ' ' })).errors![0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'outcome',
    });
    expect(
      (await disability()(COMPLETE, { id, outcome: '已发放生活补贴' })).data.completeReferral.status,
    ).toBe('COMPLETED');
    expect((await disability()(REJECT, { id, reason: 'x' })).errors![0].extensions!.code).toBe('CONFLICT');
  });

  it('needs a reason to reject, and lets only the sender withdraw while pending', async () => {
    const a = (await refer('DISABILITY:rehabilitation')).data.createReferral.id;
    expect((await disability()(REJECT, { id: a, reason: '' })).errors![0].extensions).toMatchObject({
      field: 'reason',
    });
    expect((await disability()(REJECT, { id: a, reason: '未持有残疾人证' })).data.rejectReferral.status).toBe(
      'REJECTED',
    );
    const b = (await refer('DISABILITY:assistive-devices')).data.createReferral.id;
    expect((await disability()(WITHDRAW, { id: b })).errors![0].extensions!.code).toBe('FORBIDDEN');
    expect((await window()(WITHDRAW, { id: b })).data.withdrawReferral.status).toBe('WITHDRAWN');
  });

  it('ends 50 concurrent transitions of one referral in exactly one state, audited once', async () => {
    const civil = system.subgraphs[Department.CIVIL_AFFAIRS].database.dataSource;
    const id = (await refer('HEALTH:medical-assistance')).data.createReferral.id;
    const health = system.as(Department.HEALTH, Role.STAFF, '330381');
    const audited = async () =>
      (
        await civil.query(
          `select count(*)::int as n from audit_log
            where operation in ('acceptReferral', 'rejectReferral') and kind = 'WRITE'`,
        )
      )[0].n;
    const auditedBefore = await audited();
    // half accept, half reject, each reject with its own reason: a lost update would store another's
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        i % 2 ? health(REJECT, { id, reason: `重复申请 ${i}` }) : health(ACCEPT, { id }),
      ),
    );
    const ok = results.filter((x) => !x.errors);
    expect(ok).toHaveLength(1);
    expect(results.every((x) => x.status < 500)).toBe(true);
    expect(results.filter((x) => x.errors).map((x) => x.errors![0].extensions!.code)).toEqual(
      Array(49).fill('CONFLICT'),
    );
    const winner = results.indexOf(ok[0]);
    const [stored] = await civil.query(
      `select status, rejection_reason, version from referrals where id = $1`,
      [id],
    );
    expect(stored).toEqual({
      status: winner % 2 ? 'REJECTED' : 'ACCEPTED',
      rejection_reason: winner % 2 ? `重复申请 ${winner}` : null,
      version: 2,
    });
    // the log holds the referral's creation (referralReceived) and its one step (the dashboards' count)
    const events = await civil.query(`select kind from events where entity_id = $1 order by cursor`, [id]);
    expect(events).toEqual([{ kind: 'REFERRAL' }, { kind: 'REFERRAL_CHANGED' }]);
    expect((await audited()) - auditedBefore).toBe(1);
  });

  it('needs consent (or an override with its reason) to share sensitive data', async () => {
    const refused = await refer('CHARITY:charity-project', { sharesSensitiveData: true });
    expect(refused.errors![0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'sharesSensitiveData',
      reason: 'CONSENT_REQUIRED',
    });
    const staff = system.as(Department.CIVIL_AFFAIRS, Role.STAFF, '330381');
    const overridden = await staff(CREATE, {
      i: {
        idNumber: person.idNumber,
        programId: 'CHARITY:charity-project',
        reason: '急需帮扶',
        sharesSensitiveData: true,
        overrideReason: '本人病重无法签字，经镇长批准',
      },
    });
    expect(overridden.errors).toBeUndefined();
  });

  it('跟踪回访: a completed referral schedules a follow-up visit from the pack; recording it says whether help arrived', async () => {
    const civil = system.as(Department.CIVIL_AFFAIRS, Role.STAFF, '330381');
    const id = (await refer('HEALTH:premium-subsidy')).data.createReferral.id;
    const pending = await civil(FOLLOW_UP, { id });
    expect(pending.data.referral).toEqual({ id, status: 'PENDING', followUpDueAt: null });
    const health = system.as(Department.HEALTH, Role.STAFF, '330381');
    await health(ACCEPT, { id });
    const before = Date.now();
    await health(COMPLETE, { id, outcome: '已资助参保' });
    const { data, errors } = await civil(FOLLOW_UP, { id });
    expect(errors).toBeUndefined();
    // Rui'an's pack: referrals.followUpWithin P1M (a marked platform default)
    const due = new Date(data.referral.followUpDueAt);
    const monthOn = new Date(before);
    monthOn.setUTCMonth(monthOn.getUTCMonth() + 1);
    expect(Math.abs(due.getTime() - monthOn.getTime())).toBeLessThan(60_000);
    // the follow-up is due on the subject's row of the township's due list (dueVisits)
    const followUps = async () =>
      (
        await civil(
          `query($r: String!, $u: String!) { dueVisits(regionCode: $r, until: $u) { subject { idNumber } followUps { id followUpDueAt } } }`,
          { r: '330381101', u: '2099-12-31' },
        )
      ).data.dueVisits.find((d: any) => d.subject.idNumber === person.idNumber).followUps;
    expect(await followUps()).toContainEqual({ id, followUpDueAt: data.referral.followUpDueAt });
    const record = `mutation($id: ID!, $ok: Boolean!, $note: String) { recordReferralFollowUp(id: $id, helpArrived: $ok, note: $note) { helpArrived followUpNote followedUpAt } }`;
    const noNote = await civil(record, { id, ok: false });
    expect(noNote.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'note' });
    const recorded = await civil(record, { id, ok: true, note: '参保费已减免' });
    expect(recorded.errors).toBeUndefined();
    expect(recorded.data.recordReferralFollowUp).toMatchObject({
      helpArrived: true,
      followUpNote: '参保费已减免',
    });
    expect((await civil(record, { id, ok: true })).errors![0].extensions!.code).toBe('CONFLICT');
    expect((await followUps()).map((f: any) => f.id)).not.toContain(id);
  });

  it('refers to an outside agency on the region’s external program list, handled and followed up by civil affairs', async () => {
    const staff = system.as(Department.CIVIL_AFFAIRS, Role.STAFF, '330381');
    const added = await staff(
      `mutation($r: String!, $i: ExternalProgramInput!) { addExternalProgram(regionCode: $r, input: $i) { id area name agency contact } }`,
      {
        r: '330381',
        i: {
          area: 'ELDERLY_CARE',
          name: '居家养老上门服务',
          agency: '瑞安市养老服务中心',
          contact: '陈主任 0577-0000000',
        },
      },
    );
    expect(added.errors).toBeUndefined();
    const listed = await window()(`query($r: String!) { externalPrograms(regionCode: $r) { id name } }`, {
      r: '330381101',
    });
    expect(listed.data.externalPrograms.map((p: any) => p.id)).toContain(added.data.addExternalProgram.id);
    const programId = `EXTERNAL:${added.data.addExternalProgram.id}`;
    const created = await refer(programId);
    expect(created.errors).toBeUndefined();
    expect(created.data.createReferral.program).toEqual({
      id: programId,
      name: '居家养老上门服务（瑞安市养老服务中心）',
      department: 'CIVIL_AFFAIRS',
    });
    const id = created.data.createReferral.id;
    expect((await staff(ACCEPT, { id })).data.acceptReferral.status).toBe('ACCEPTED');
    expect((await staff(COMPLETE, { id, outcome: '每周上门两次' })).data.completeReferral.status).toBe(
      'COMPLETED',
    );
    expect((await staff(FOLLOW_UP, { id })).data.referral.followUpDueAt).toEqual(expect.any(String));
    const elsewhere = await system.as(
      Department.CIVIL_AFFAIRS,
      Role.STAFF,
      '310118',
    )(
      `mutation($r: String!, $i: ExternalProgramInput!) { addExternalProgram(regionCode: $r, input: $i) { id } }`,
      { r: '330381', i: { area: 'HOUSING', name: 'x', agency: 'y', contact: 'z' } },
    );
    expect(elsewhere.errors![0].extensions!.code).toBe('FORBIDDEN');
  });

  it("lists civil affairs' overdue referrals for follow-up", async () => {
    const { data, errors } = await system.as(
      Department.CIVIL_AFFAIRS,
      Role.STAFF,
      '330381',
    )(`{ overdueReferrals(workingDays: 0) { id status } }`);
    expect(errors).toBeUndefined();
    expect(data.overdueReferrals.every((x: any) => x.status === 'PENDING')).toBe(true);
  });

  it("reports an urgent case with the pack’s visit deadline, Rui'an's own emergency number for a fire, and makes the subject high-risk", async () => {
    const occurredAt = '2026-11-25T03:10:00+08:00';
    const { data, errors } = await window()(
      `mutation($i: UrgentCaseInput!) { reportUrgentCase(input: $i) { kind visitDeadline emergencyReminder subject { tier } } }`,
      { i: { idNumber: person.idNumber, kind: 'FIRE', occurredAt, description: '住房失火' } },
    );
    expect(errors).toBeUndefined();
    expect(data.reportUrgentCase).toMatchObject({
      kind: 'FIRE',
      visitDeadline: new Date('2026-11-26T03:10:00+08:00').toISOString(),
      // 瑞救办〔2021〕5号 四(四) names 公安110 and 卫生健康120 only: the pack's numbers, not another region's 119
      emergencyReminder: '危及生命请立即拨打 110',
      subject: { tier: 'HIGH_RISK' },
    });
    const future = await window()(`mutation($i: UrgentCaseInput!) { reportUrgentCase(input: $i) { id } }`, {
      i: { idNumber: person.idNumber, kind: 'OTHER', occurredAt: '2099-01-01T00:00:00+08:00' },
    });
    expect(future.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'occurredAt' });
  });

  it("moves the region dashboard's pending count at once when a referral is accepted", async () => {
    const client = wsClient(
      system.gatewayUrl,
      await token(Department.CIVIL_AFFAIRS, Role.DASHBOARD, '330381'),
    );
    try {
      const counters = subscribe(
        client,
        `subscription { dashboardCountersChanged(regionCode: "330381") { pendingReferrals } }`,
        {},
      );
      const [first] = await counters.waitFor(1);
      const inbox = await disability()(`{ referrals(department: DISABILITY, status: PENDING) { id } }`);
      const started = Date.now();
      expect((await disability()(ACCEPT, { id: inbox.data.referrals[0].id })).errors).toBeUndefined();
      const [, next] = await counters.waitFor(2, 10_000);
      expect(next.dashboardCountersChanged.pendingReferrals).toBe(
        first.dashboardCountersChanged.pendingReferrals - 1,
      );
      // the counters' own tick is a minute away: this came from the transition's event
      expect(Date.now() - started).toBeLessThan(10_000);
    } finally {
      await client.dispose();
    }
  });
});
