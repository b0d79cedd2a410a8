import { Role } from '../../shared/auth';
import { Department } from '../../shared/departments';
import { makeIdNumber } from '../../shared/id-number';
import { buildSubject, rng } from '../fixtures/factories';
import { contractOperations } from '../helpers/contract';
import { tablesRead } from '../helpers/sql';
import { TestSystem, startSystem } from '../helpers/system';

const LOOKUP = contractOperations().find((o) => o.name === 'CrossLineLookup')!.document;

describe('cross-line eligibility at the reception window', () => {
  let system: TestSystem;
  const r = rng(6);
  const write = (dept: Department, mutation: string, type: string, input: unknown) =>
    system.write(dept, mutation, type, input);
  const lookup = async (idNumber: string) => {
    const { data, errors } = await system.as(Department.CIVIL_AFFAIRS, Role.WINDOW, '330381')(
      LOOKUP,
      { idNumber },
      'CrossLineLookup',
    );
    return { subject: data?.subjectByIdNumber, errors };
  };
  const program = (subject: any, id: string) => subject.eligibility.find((e: any) => e.program.id === id);

  const elder = buildSubject(r, '330381101009', {
    livingAlone: true,
    dispersedSupport: true,
    household: { size: 1, monthlyIncomePerCapita: 850 },
    assistance: [{ category: 'TEKUN', status: 'ACTIVE', since: '2019-04-01', until: null }],
    // investigated: 特困's three conditions hold (《社会救助暂行办法》第十四条)
    tekunConditions: { noWorkCapacity: true, noLivingSource: true, noCapableSupporter: true },
  });
  const worker = buildSubject(r, '330381101009', {
    livingAlone: false,
    dispersedSupport: false,
    household: { size: 4, monthlyIncomePerCapita: 1130 },
    assistance: [],
  });

  beforeAll(async () => {
    // no background outbox delivery, so only the lookup's own statements are counted
    system = await startSystem({ env: { OUTBOX_INTERVAL_MS: '3600000' } });
    for (const p of [elder, worker])
      await write(Department.CIVIL_AFFAIRS, 'registerSubject', 'SubjectInput', p);
    await write(Department.DISABILITY, 'recordDisability', 'DisabilityInput', {
      idNumber: elder.idNumber,
      certificateNumber: `${elder.idNumber}42`,
      category: 'PHYSICAL',
      grade: 2,
    });
    await write(Department.HEALTH, 'recordMedical', 'MedicalInput', {
      idNumber: elder.idNumber,
      insuranceType: 'RESIDENT',
      majorIllness: true,
      outOfPocketLast12Months: 23000,
    });
    await write(Department.TRADE_UNION, 'recordUnionMember', 'UnionMemberInput', {
      idNumber: worker.idNumber,
      employer: '瑞安市某机械厂',
    });
    // the partners' facts reach civil affairs through their outboxes (and its catch-up), not at read time
    await system.settle();
  });
  afterAll(() => system?.close());

  it("lists every department's programs with eligibility, enrolment and reasons with their source", async () => {
    const { subject, errors } = await lookup(elder.idNumber);
    expect(errors).toBeUndefined();
    const departments = new Set(subject.eligibility.map((e: any) => e.program.department));
    expect([...departments].sort()).toEqual([
      'CHARITY',
      'CIVIL_AFFAIRS',
      'DISABILITY',
      'HEALTH',
      'TRADE_UNION',
    ]);
    expect(program(subject, 'CIVIL_AFFAIRS:tekun')).toMatchObject({ eligible: true, enrolled: true });
    expect(program(subject, 'DISABILITY:care-subsidy')).toMatchObject({
      eligible: true,
      enrolled: false,
      program: { name: '重度残疾人护理补贴' },
    });
    expect(program(subject, 'DISABILITY:living-subsidy').eligible).toBe(true);
    expect(program(subject, 'HEALTH:medical-assistance').eligible).toBe(true);
    expect(program(subject, 'CHARITY:humanitarian-aid').eligible).toBe(true);
    expect(program(subject, 'TRADE_UNION:difficult-worker-aid')).toMatchObject({ eligible: false });
    expect(program(subject, 'DISABILITY:care-subsidy').reasons).toEqual([
      '符合：残疾等级为一级或二级',
      '依据：国发〔2015〕52号 二(二)',
    ]);
    expect(program(subject, 'TRADE_UNION:difficult-worker-aid').reasons[0]).toBe('不符合：工会会员');
  });

  it("decides the 低保 income line on its boundary (Rui'an 1131 yuan)", async () => {
    const below = await lookup(worker.idNumber);
    expect(program(below.subject, 'CIVIL_AFFAIRS:dibao').eligible).toBe(true);
    await write(Department.CIVIL_AFFAIRS, 'registerSubject', 'SubjectInput', {
      ...worker,
      household: { size: 4, monthlyIncomePerCapita: 1131 },
    });
    const at = await lookup(worker.idNumber);
    expect(program(at.subject, 'CIVIL_AFFAIRS:dibao').eligible).toBe(false);
    expect(program(at.subject, 'CIVIL_AFFAIRS:dibian').eligible).toBe(true);
    // the trade union's rule reads the income too: it gets the figure only with the person's consent
    const withheld = program(at.subject, 'TRADE_UNION:difficult-worker-aid');
    expect(withheld.eligible).toBeNull();
    expect(withheld.reasons.join(' ')).toMatch(/家庭月人均收入/);
    const consent = await system.as(
      Department.CIVIL_AFFAIRS,
      Role.STAFF,
      '330381',
    )(
      `mutation($id: String!) { recordConsent(idNumber: $id, reference: "授权书-2026-007", signedOn: "2026-11-20") { id } }`,
      { id: worker.idNumber },
    );
    expect(consent.errors).toBeUndefined();
    const shared = await lookup(worker.idNumber);
    expect(program(shared.subject, 'TRADE_UNION:difficult-worker-aid').eligible).toBe(true);
    await system.as(
      Department.CIVIL_AFFAIRS,
      Role.STAFF,
      '330381',
    )(`mutation($id: String!) { revokeConsent(idNumber: $id) { id } }`, { id: worker.idNumber });
  });

  it('costs at most one SQL statement per table per subgraph, tier and eligibility included', async () => {
    const { result, statements, auditAppends } = await system.countQueries(() => lookup(elder.idNumber));
    expect(result.errors).toBeUndefined();
    for (const [department, list] of Object.entries(statements)) {
      const counts = tablesRead(list);
      expect({ department, counts }).toEqual({
        department,
        counts: Object.fromEntries(Object.keys(counts).map((t) => [t, 1])),
      });
    }
    // beside the read: each partner records the window's read of its data in one INSERT
    expect(auditAppends).toEqual({ CIVIL_AFFAIRS: 0, DISABILITY: 1, TRADE_UNION: 1, HEALTH: 1, CHARITY: 1 });
  });

  it.each([Department.DISABILITY, Department.TRADE_UNION, Department.HEALTH, Department.CHARITY])(
    'with %s stopped, answers with everything the others know and says which department is missing',
    async (department) => {
      await system.stopSubgraph(department);
      try {
        const { subject, errors } = await lookup(elder.idNumber);
        expect(subject.name).toBe(elder.name);
        expect(subject.tier).not.toBeNull();
        expect(errors!.length).toBeGreaterThan(0);
        for (const e of errors!)
          expect(e.extensions).toMatchObject({ code: 'DEPARTMENT_UNAVAILABLE', department });
        const missing = subject.eligibility.filter((e: any) => e.program.department === department);
        expect(missing).toEqual([
          expect.objectContaining({
            eligible: null,
            enrolled: false,
            reasons: [expect.stringContaining('暂不可用')],
          }),
        ]);
        const others = subject.eligibility.filter((e: any) => e.program.department !== department);
        expect(new Set(others.map((e: any) => e.program.department)).size).toBe(4);
        expect(program(subject, 'CIVIL_AFFAIRS:tekun').eligible).toBe(true);
      } finally {
        await system.restartSubgraph(department);
      }
    },
  );

  it('says a rule cannot be decided while a fact has not been received, instead of guessing', async () => {
    await system.stopSubgraph(Department.DISABILITY);
    const newcomer = buildSubject(r, '330381101009', {
      livingAlone: false,
      dispersedSupport: false,
      assistance: [],
    });
    const tierOf = async (idNumber: string) =>
      (
        await system.as(Department.CIVIL_AFFAIRS)(
          `query($id: String!) { subjectByIdNumber(idNumber: $id) { tier tierReason { certain unknownFacts } } }`,
          { id: idNumber },
        )
      ).data.subjectByIdNumber;
    try {
      const { subject } = await lookup(elder.idNumber);
      // the civil-affairs 特困 rule reads the disability grade only as one alternative; the age holds anyway
      expect(program(subject, 'CIVIL_AFFAIRS:tekun').eligible).toBe(true);
      // registered while the disability federation is down: its catch-up cannot reach it, so the
      // tier that reads the disability grade says it is not certain, and which fact is missing
      await write(Department.CIVIL_AFFAIRS, 'registerSubject', 'SubjectInput', newcomer);
      await system.settle();
      expect((await tierOf(newcomer.idNumber)).tierReason).toEqual({
        certain: false,
        unknownFacts: expect.arrayContaining(['重度残疾（一、二级）']),
      });
    } finally {
      await system.restartSubgraph(Department.DISABILITY);
    }
    await system.settle();
    expect((await tierOf(newcomer.idNumber)).tierReason.certain).toBe(true);
  });

  it("takes a partner's fact change into the tier with no call at read time: right and certain with the partner stopped", async () => {
    const before = await lookup(worker.idNumber);
    expect(before.subject.tier).toBe('GENERAL');
    await write(Department.DISABILITY, 'recordDisability', 'DisabilityInput', {
      idNumber: worker.idNumber,
      certificateNumber: `${worker.idNumber}41`,
      category: 'PHYSICAL',
      grade: 1,
    });
    await system.settle(); // the disability federation's outbox delivers the grade
    await system.stopSubgraph(Department.DISABILITY);
    try {
      const { data, errors } = await system.as(Department.CIVIL_AFFAIRS)(
        `query($id: String!) { subjectByIdNumber(idNumber: $id) { tier tierReason { rule certain unknownFacts } } }`,
        { id: worker.idNumber },
      );
      expect(errors).toBeUndefined();
      expect(data.subjectByIdNumber).toEqual({
        tier: 'KEY',
        tierReason: { rule: '重残人员（残疾等级一、二级）', certain: true, unknownFacts: [] },
      });
    } finally {
      await system.restartSubgraph(Department.DISABILITY);
    }
  });

  it("shows other departments the economic figures only with the subject's consent, and the eligibility reasons always", async () => {
    const asHealth = system.as(Department.HEALTH, Role.WINDOW, '330381');
    const ask = () => asHealth(LOOKUP, { idNumber: elder.idNumber }, 'CrossLineLookup');
    const before = await ask();
    expect(before.errors).toBeUndefined();
    expect(before.data.subjectByIdNumber.household).toEqual({ size: 1, monthlyIncomePerCapita: null });
    expect(program(before.data.subjectByIdNumber, 'CIVIL_AFFAIRS:dibao').reasons[0]).toBe(
      '符合：家庭月人均收入低于当地低保标准',
    );
    const civil = await lookup(elder.idNumber);
    expect(civil.subject.household.monthlyIncomePerCapita).toBe(850);
    const consent = await system.as(
      Department.CIVIL_AFFAIRS,
      Role.WINDOW,
      '330381',
    )(
      `mutation($id: String!) { recordConsent(idNumber: $id, reference: "授权书-2026-001", signedOn: "2026-11-20") { economicDataConsent } }`,
      { id: elder.idNumber },
    );
    expect(consent.data.recordConsent.economicDataConsent).toBe(true);
    expect((await ask()).data.subjectByIdNumber.household.monthlyIncomePerCapita).toBe(850);
    await system.as(
      Department.CIVIL_AFFAIRS,
      Role.STAFF,
      '330381',
    )(`mutation($id: String!) { revokeConsent(idNumber: $id) { id } }`, { id: elder.idNumber });
    expect((await ask()).data.subjectByIdNumber.household.monthlyIncomePerCapita).toBeNull();
  });
  it('特困 follows its three conditions: one not recorded is unknown (null) and named; one not holding is not eligible', async () => {
    const old = {
      ...buildSubject(r, '330381101009', { assistance: [] }),
      idNumber: makeIdNumber('330381', '1948-06-01', 123),
    };
    await write(Department.CIVIL_AFFAIRS, 'registerSubject', 'SubjectInput', {
      ...old,
      tekunConditions: { noWorkCapacity: true, noLivingSource: true },
    });
    const unknown = program((await lookup(old.idNumber)).subject, 'CIVIL_AFFAIRS:tekun');
    expect(unknown.eligible).toBeNull();
    expect(unknown.reasons.join(' ')).toMatch(/无法定赡养、抚养、扶养义务人/);
    await write(Department.CIVIL_AFFAIRS, 'registerSubject', 'SubjectInput', {
      ...old,
      tekunConditions: { noCapableSupporter: false },
    });
    expect(program((await lookup(old.idNumber)).subject, 'CIVIL_AFFAIRS:tekun').eligible).toBe(false);
    await write(Department.CIVIL_AFFAIRS, 'registerSubject', 'SubjectInput', {
      ...old,
      tekunConditions: { noCapableSupporter: true },
    });
    expect(program((await lookup(old.idNumber)).subject, 'CIVIL_AFFAIRS:tekun').eligible).toBe(true);
  });
});
