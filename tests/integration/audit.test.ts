/**
 * The tamper-evident audit through the gateway (contract audit.graphql): each department records
 * the reads of its sensitive data by other departments and every write in its own hash-chained log,
 * and `auditTrail` assembles the five logs, saying which department's chain failed or did not answer.
 */
import { Role } from '../../shared/auth';
import { Department } from '../../shared/departments';
import { buildSubject, buildUnionMember, rng } from '../fixtures/factories';
import { contractOperations } from '../helpers/contract';
import { TestSystem, startSystem } from '../helpers/system';
import { registerWithRecords } from '../helpers/records';

const TRAIL = contractOperations().find((o) => o.name === 'AuditTrail')!.document;
const FULL_TRAIL = `query($idNumber: String!, $since: String) {
  auditTrail(idNumber: $idNumber, since: $since) {
    verified unverified regionCode
    entries { at user department role operation kind fields recordedBy requestId }
  }
}`;
const LOOKUP = `query WindowLookup($id: String!) {
  subjectByIdNumber(idNumber: $id) {
    name
    disability { grade category }
    medical { majorIllness outOfPocketLast12Months }
    tradeUnion { member employer }
    charity { activeMatches { status } }
  }
}`;

describe('audit trail across the five departments', () => {
  let system: TestSystem;
  const r = rng(950);
  const elder = buildSubject(r, '330381101009', { residenceRegionCode: '330381101009' });
  /** whose health log is altered behind its back */
  const other = buildSubject(r, '330381101009', { residenceRegionCode: '330381101009' });
  const admin = () => system.as(Department.CIVIL_AFFAIRS, Role.ADMIN);
  const window = () => system.as(Department.CIVIL_AFFAIRS, Role.WINDOW, '330381');
  const trail = async (idNumber: string, since?: string) => {
    const response = await admin()(FULL_TRAIL, { idNumber, since });
    return { ...response, trail: response.data?.auditTrail };
  };
  const write = (dept: Department, mutation: string, type: string, input: unknown) =>
    system.write(dept, mutation, type, input, { role: Role.STAFF, region: '330381' });

  beforeAll(async () => {
    // no background delivery: the entries are those of the requests the tests send
    system = await startSystem({ env: { OUTBOX_INTERVAL_MS: '3600000' } });
    for (const p of [elder, other]) {
      await registerWithRecords(system, p);
      await write(
        Department.TRADE_UNION,
        'recordUnionMember',
        'UnionMemberInput',
        buildUnionMember(r, p.idNumber),
      );
    }
  });
  afterAll(() => system?.close());

  it("records a window's lookup in each partner's log, naming the fields given out, one request id", async () => {
    const lookup = await window()(LOOKUP, { id: elder.idNumber }, 'WindowLookup');
    expect(lookup.errors).toBeUndefined();
    const { trail: t, errors } = await trail(elder.idNumber);
    expect(errors).toBeUndefined();
    expect(t).toMatchObject({ verified: true, unverified: [] });
    const reads = t.entries.filter((e: any) => e.kind === 'READ' && e.operation === 'WindowLookup');
    expect(reads.map((e: any) => [e.recordedBy, e.fields]).sort()).toEqual([
      ['CHARITY', ['charity.activeMatches']],
      ['DISABILITY', ['disability.category', 'disability.grade']],
      ['HEALTH', ['medical.majorIllness', 'medical.outOfPocketLast12Months']],
      ['TRADE_UNION', ['tradeUnion.employer', 'tradeUnion.member']],
    ]);
    for (const e of reads)
      expect(e).toMatchObject({
        user: 'test-civil_affairs-window',
        department: 'CIVIL_AFFAIRS',
        role: 'WINDOW',
      });
    expect(new Set(reads.map((e: any) => e.requestId)).size).toBe(1);
    expect(reads[0].requestId).toEqual(expect.any(String));
  });

  it('leaves out a field that was refused (a diagnosis outside health)', async () => {
    const { errors, extensions } = await window()(
      `query DiagnosisAttempt($id: String!) { subjectByIdNumber(idNumber: $id) { medical { majorIllness diagnosis } } }`,
      { id: elder.idNumber },
      'DiagnosisAttempt',
    );
    expect(errors).toBeUndefined();
    expect(extensions!.withheld).toEqual([
      { path: ['subjectByIdNumber', 'medical', 'diagnosis'], reason: 'DIAGNOSIS_HEALTH_ONLY' },
    ]);
    const { trail: t } = await trail(elder.idNumber);
    const attempt = t.entries.find((e: any) => e.operation === 'DiagnosisAttempt');
    expect(attempt).toMatchObject({ recordedBy: 'HEALTH', fields: ['medical.majorIllness'] });
  });

  it("records no read of a department's own data", async () => {
    const before = (await trail(other.idNumber)).trail.entries.length;
    const own = await system.as(Department.HEALTH, Role.STAFF, '330381')(
      `query OwnRead($id: String!) { subjectByIdNumber(idNumber: $id) { medical { diagnosis } } }`,
      { id: other.idNumber },
      'OwnRead',
    );
    expect(own.data.subjectByIdNumber.medical.diagnosis).toBe('肺癌');
    const after = (await trail(other.idNumber)).trail.entries;
    // the one new HEALTH-side entry would be health's own read; there is none (civil affairs records
    // the health user reading the registry's ID number, another department's data)
    expect(after.filter((e: any) => e.operation === 'OwnRead').map((e: any) => e.recordedBy)).toEqual([
      'CIVIL_AFFAIRS',
    ]);
    expect(after.length).toBeGreaterThan(before);
  });

  it("records every write with its operation, the input's keys and the subject", async () => {
    const { trail: t } = await trail(elder.idNumber);
    const writes = t.entries.filter((e: any) => e.kind === 'WRITE');
    expect(writes).toContainEqual(
      expect.objectContaining({
        recordedBy: 'CIVIL_AFFAIRS',
        operation: 'registerSubject',
        user: 'test-civil_affairs-staff',
        fields: expect.arrayContaining(['household', 'idNumber', 'name', 'phone', 'registeredRegionCode']),
      }),
    );
    expect(writes).toContainEqual(
      expect.objectContaining({
        recordedBy: 'DISABILITY',
        operation: 'recordDisability',
        department: 'DISABILITY',
        role: 'STAFF',
        fields: ['category', 'certificateNumber', 'grade', 'idNumber'],
      }),
    );
    expect(writes.map((e: any) => e.recordedBy).sort()).toEqual(
      expect.arrayContaining(['CIVIL_AFFAIRS', 'DISABILITY', 'HEALTH', 'TRADE_UNION']),
    );
    // the facts the union's record published reached civil affairs in a batch, before the union
    // answered (no background delivery here), and civil affairs' log names the person
    expect(writes).toContainEqual(
      expect.objectContaining({
        recordedBy: 'CIVIL_AFFAIRS',
        operation: 'recordPartnerFactsBatch',
        department: 'TRADE_UNION',
      }),
    );
  });

  it('names the subject of a write addressed by record id (accepting a referral)', async () => {
    const created = await window()(`mutation($i: ReferralInput!) { createReferral(input: $i) { id } }`, {
      i: { idNumber: elder.idNumber, programId: 'DISABILITY:care-subsidy', reason: '申请护理补贴' },
    });
    expect(created.errors).toBeUndefined();
    const accepted = await system.as(
      Department.DISABILITY,
      Role.STAFF,
      '330381',
    )(`mutation($id: ID!) { acceptReferral(id: $id, note: "已受理") { status } }`, {
      id: created.data.createReferral.id,
    });
    expect(accepted.errors).toBeUndefined();
    const { trail: t } = await trail(elder.idNumber);
    expect(t.entries).toContainEqual(
      expect.objectContaining({
        kind: 'WRITE',
        operation: 'acceptReferral',
        recordedBy: 'CIVIL_AFFAIRS',
        department: 'DISABILITY',
        fields: ['id', 'note'],
      }),
    );
  });

  it('records the asking of the trail itself, and gives entries newest first, since a date', async () => {
    await trail(elder.idNumber);
    const { trail: t } = await trail(elder.idNumber);
    expect(t.entries[0]).toMatchObject({
      operation: 'auditTrail',
      kind: 'READ',
      recordedBy: 'CIVIL_AFFAIRS',
      user: 'test-civil_affairs-admin',
      fields: ['auditTrail'],
    });
    const times = t.entries.map((e: any) => e.at);
    expect(times).toEqual([...times].sort().reverse());
    const tomorrow = new Date(Date.now() + 86_400_000 * 2).toISOString().slice(0, 10);
    expect((await trail(elder.idNumber, tomorrow)).trail).toMatchObject({ verified: true, entries: [] });
  });

  it('answers the contract document', async () => {
    const { data, errors } = await admin()(TRAIL, { idNumber: elder.idNumber, since: '2020-01-01' });
    expect(errors).toBeUndefined();
    expect(data.auditTrail.verified).toBe(true);
    expect(data.auditTrail.entries[0]).toEqual({
      at: expect.any(String),
      user: expect.any(String),
      department: expect.any(String),
      role: expect.any(String),
      operation: expect.any(String),
      fields: expect.any(Array),
    });
  });

  it.each([
    ['a civil-affairs STAFF', Department.CIVIL_AFFAIRS, Role.STAFF, '330381', 'FORBIDDEN'],
    // outside the region the person is answered as unknown: the refusal tells nothing either
    ['an ADMIN of another region', Department.CIVIL_AFFAIRS, Role.ADMIN, '310118', 'NOT_FOUND'],
    ["another department's ADMIN for the whole country", Department.HEALTH, Role.ADMIN, null, 'FORBIDDEN'],
  ])('refuses %s', async (_who, department, role, region, code) => {
    const { data, errors } = await system.as(department, role, region)(TRAIL, { idNumber: elder.idNumber });
    expect(data?.auditTrail ?? null).toBeNull();
    expect(errors![0].extensions).toMatchObject({ code });
  });

  it("lets an ADMIN of the subject's region read it, whatever their department", async () => {
    const { data, errors } = await system.as(
      Department.HEALTH,
      Role.ADMIN,
      '330381101',
    )(TRAIL, {
      idNumber: elder.idNumber,
    });
    expect(errors).toBeUndefined();
    expect(data.auditTrail.verified).toBe(true);
  });

  it('costs one audit INSERT in each partner that gave out data, and none in the reader’s own department', async () => {
    const { result, auditAppends } = await system.countQueries(() =>
      window()(LOOKUP, { id: other.idNumber }, 'WindowLookup'),
    );
    expect(result.errors).toBeUndefined();
    expect(auditAppends).toEqual({
      CIVIL_AFFAIRS: 0,
      DISABILITY: 1,
      TRADE_UNION: 1,
      HEALTH: 1,
      CHARITY: 1,
    });
  });

  it('refuses a write whose audit cannot be recorded with an error, and gives out no read it cannot record', async () => {
    const db = system.subgraphs[Department.DISABILITY].database.dataSource;
    await db.query(`ALTER TABLE audit_log RENAME TO audit_log_away`);
    try {
      const written = await system.as(
        Department.DISABILITY,
        Role.STAFF,
        '330381',
      )(`mutation($i: DisabilityInput!) { recordDisability(input: $i) { grade } }`, {
        i: {
          idNumber: other.idNumber,
          certificateNumber: `${other.idNumber}41`,
          category: 'PHYSICAL',
          grade: 1,
        },
      });
      expect(written.data.recordDisability).toEqual({ grade: 1 });
      expect(written.errors![0].extensions).toMatchObject({
        code: 'AUDIT_NOT_RECORDED',
        department: 'DISABILITY',
      });
      const read = await window()(LOOKUP, { id: other.idNumber }, 'WindowLookup');
      expect(read.data.subjectByIdNumber.disability).toBeNull();
      expect(read.data.subjectByIdNumber.medical).not.toBeNull();
      expect(read.errors!.map((e) => e.extensions)).toContainEqual(
        expect.objectContaining({ code: 'AUDIT_NOT_RECORDED', department: 'DISABILITY' }),
      );
    } finally {
      await db.query(`ALTER TABLE audit_log_away RENAME TO audit_log`);
    }
  });

  it("says a department's chain failed when a row was altered behind its back", async () => {
    await window()(LOOKUP, { id: other.idNumber }, 'WindowLookup');
    expect((await trail(other.idNumber)).trail.verified).toBe(true);
    const db = system.subgraphs[Department.HEALTH].database.dataSource;
    await db.query(`ALTER TABLE audit_log DISABLE TRIGGER ALL`);
    await db.query(
      `UPDATE audit_log SET fields = '{medical.majorIllness}'
       WHERE seq = (SELECT max(seq) FROM audit_log WHERE subject_id_number = $1 AND kind = 'READ')`,
      [other.idNumber],
    );
    await db.query(`ALTER TABLE audit_log ENABLE TRIGGER ALL`);
    const { trail: t } = await trail(other.idNumber);
    expect(t).toMatchObject({ verified: false, unverified: ['HEALTH'] });
    // the other departments' entries are still there
    expect(t.entries.some((e: any) => e.recordedBy === 'DISABILITY')).toBe(true);
  });

  // stops a subgraph: keep last
  it('says a department that is down is unverified, with the error naming it', async () => {
    await system.stopSubgraph(Department.CHARITY);
    const { trail: t, errors } = await trail(elder.idNumber);
    expect(t).toMatchObject({ verified: false, unverified: ['CHARITY'] });
    expect(errors!.map((e) => e.extensions)).toContainEqual(
      expect.objectContaining({ code: 'DEPARTMENT_UNAVAILABLE', department: 'CHARITY' }),
    );
    expect(t.entries.some((e: any) => e.recordedBy === 'HEALTH')).toBe(true);
  });
});
