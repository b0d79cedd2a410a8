/**
 * Masking, field by field, for each department and role (shared/sensitive-fields.ts `shownTo`):
 * what is shown in full, what is null with `extensions.withheld` saying why, and the ID number shown
 * masked; consent on and off; a referral opening the contact to the department handling it.
 */
import { Role } from '../../shared/auth';
import { Department } from '../../shared/departments';
import { buildSubject, rng } from '../fixtures/factories';
import { GraphQLResponse, TestSystem, startSystem } from '../helpers/system';

const VILLAGE = '330381101009';
const READ = `query($id: String!) { subjectByIdNumber(idNumber: $id) {
  idNumber phone household { monthlyIncomePerCapita propertyNote } medical { majorIllness diagnosis } } }`;

const withheldAt = (answer: GraphQLResponse) =>
  Object.fromEntries(
    ((answer.extensions?.withheld ?? []) as Array<{ path: string[]; reason: string }>).map((w) => [
      w.path.slice(1).join('.'),
      w.reason,
    ]),
  );

describe('masking by department and role (security)', () => {
  let system: TestSystem;
  const r = rng(2020);
  const person = buildSubject(r, VILLAGE, {
    phone: '13812345678',
    household: { size: 2, monthlyIncomePerCapita: 900, propertyNote: '自建房一处' } as any,
  });
  const masked = `${person.idNumber.slice(0, 6)}********${person.idNumber.slice(14)}`;
  const as = (department: Department, role: Role) => system.as(department, role, '330381');
  const read = (department: Department, role: Role) => as(department, role)(READ, { id: person.idNumber });

  beforeAll(async () => {
    system = await startSystem();
    const registered = await system.as(Department.CIVIL_AFFAIRS)(
      `mutation($i: SubjectInput!) { registerSubject(input: $i) { id } }`,
      { i: person },
    );
    expect(registered.errors).toBeUndefined();
    const medical = await system.as(Department.HEALTH)(
      `mutation($i: MedicalInput!) { recordMedical(input: $i) { majorIllness } }`,
      {
        i: {
          idNumber: person.idNumber,
          insuranceType: 'RESIDENT',
          majorIllness: true,
          diagnosis: '慢性肾衰竭',
          outOfPocketLast12Months: 36000,
        },
      },
    );
    expect(medical.errors).toBeUndefined();
    // health's facts reach civil affairs: health now holds a record of the person
    await system.settle();
  });
  afterAll(() => system?.close());

  it('shows civil affairs its own figures in full, but not the diagnosis', async () => {
    const answer = await read(Department.CIVIL_AFFAIRS, Role.WINDOW);
    expect(answer.errors).toBeUndefined();
    expect(answer.data.subjectByIdNumber).toEqual({
      idNumber: person.idNumber,
      phone: '13812345678',
      household: { monthlyIncomePerCapita: 900, propertyNote: '自建房一处' },
      medical: { majorIllness: true, diagnosis: null },
    });
    expect(withheldAt(answer)).toEqual({ 'medical.diagnosis': 'DIAGNOSIS_HEALTH_ONLY' });
  });

  it("shows health's record keepers the diagnosis and the full ID number (they hold a record), not the phone or income", async () => {
    const answer = await read(Department.HEALTH, Role.STAFF);
    expect(answer.errors).toBeUndefined();
    expect(answer.data.subjectByIdNumber).toEqual({
      idNumber: person.idNumber,
      phone: null,
      household: { monthlyIncomePerCapita: null, propertyNote: null },
      medical: { majorIllness: true, diagnosis: '慢性肾衰竭' },
    });
    expect(withheldAt(answer)).toEqual({
      phone: 'CONTACT_NOT_SHARED',
      'household.monthlyIncomePerCapita': 'NO_CONSENT',
      'household.propertyNote': 'NO_CONSENT',
    });
  });

  it("keeps the diagnosis from health's other roles", async () => {
    const answer = await read(Department.HEALTH, Role.WINDOW);
    expect(answer.data.subjectByIdNumber.medical).toEqual({ majorIllness: true, diagnosis: null });
    expect(withheldAt(answer)['medical.diagnosis']).toBe('DIAGNOSIS_HEALTH_ONLY');
  });

  it.each([Role.WINDOW, Role.DASHBOARD, Role.ADMIN])(
    'shows charity (%s), which holds no record of the person, the ID number masked and nothing sensitive',
    async (role) => {
      const answer = await read(Department.CHARITY, role);
      expect(answer.errors).toBeUndefined();
      expect(answer.data.subjectByIdNumber).toEqual({
        idNumber: masked,
        phone: null,
        household: { monthlyIncomePerCapita: null, propertyNote: null },
        medical: { majorIllness: true, diagnosis: null },
      });
      expect(withheldAt(answer)).toEqual({
        idNumber: 'ID_NUMBER_MASKED',
        phone: 'CONTACT_NOT_SHARED',
        'household.monthlyIncomePerCapita': 'NO_CONSENT',
        'household.propertyNote': 'NO_CONSENT',
        'medical.diagnosis': 'DIAGNOSIS_HEALTH_ONLY',
      });
    },
  );

  it("masks the ID number wherever it appears in another department's answer, aliases included", async () => {
    const answer = await as(Department.CHARITY, Role.WINDOW)(
      `query($id: String!) { a: subjectByIdNumber(idNumber: $id) { who: idNumber } }`,
      { id: person.idNumber },
    );
    expect(answer.data.a.who).toBe(masked);
    expect(answer.extensions!.withheld).toEqual([{ path: ['a', 'who'], reason: 'ID_NUMBER_MASKED' }]);
  });

  it('shows the income to other departments while the subject’s consent is recorded, and withholds it again once revoked', async () => {
    const civil = as(Department.CIVIL_AFFAIRS, Role.STAFF);
    await civil(
      `mutation($id: String!) { recordConsent(idNumber: $id, reference: "授权书-9", signedOn: "2026-11-30") { id } }`,
      { id: person.idNumber },
    );
    const withConsent = await read(Department.HEALTH, Role.STAFF);
    expect(withConsent.data.subjectByIdNumber.household).toEqual({
      monthlyIncomePerCapita: 900,
      propertyNote: '自建房一处',
    });
    expect(withheldAt(withConsent)).toEqual({ phone: 'CONTACT_NOT_SHARED' });
    await civil(`mutation($id: String!) { revokeConsent(idNumber: $id) { id } }`, { id: person.idNumber });
    const revoked = await read(Department.HEALTH, Role.STAFF);
    expect(revoked.data.subjectByIdNumber.household.monthlyIncomePerCapita).toBeNull();
  });

  it('opens the phone and the full ID number to the department a referral goes to, and only to it', async () => {
    const referral = await as(Department.CIVIL_AFFAIRS, Role.WINDOW)(
      `mutation($i: ReferralInput!) { createReferral(input: $i) { id } }`,
      { i: { idNumber: person.idNumber, programId: 'CHARITY:humanitarian-aid', reason: '大病致贫' } },
    );
    expect(referral.errors).toBeUndefined();
    const charity = await read(Department.CHARITY, Role.STAFF);
    expect(charity.data.subjectByIdNumber).toMatchObject({ idNumber: person.idNumber, phone: '13812345678' });
    const union = await read(Department.TRADE_UNION, Role.STAFF);
    expect(union.data.subjectByIdNumber).toMatchObject({ idNumber: masked, phone: null });
  });

  it("withholds a discovery's free text from other departments, but not from the one that wrote it", async () => {
    const filed = await as(Department.HEALTH, Role.WINDOW)(
      `mutation($i: DiscoveryInput!) { fileDiscovery(input: $i) { id householdSituation } }`,
      {
        i: {
          idNumber: person.idNumber,
          method: 'VISIT',
          category: 'MAY_QUALIFY_NOT_APPLIED',
          suspectedAssistance: ['DIBAO'],
          householdSituation: '月收入约900元，自付医疗费3.6万元',
        },
      },
    );
    expect(filed.errors).toBeUndefined();
    expect(filed.data.fileDiscovery.householdSituation).toMatch(/900/);
    const list = `{ discoveries(regionCode: "330381") { id householdSituation } }`;
    const find = (answer: GraphQLResponse) =>
      answer.data.discoveries.find((d: any) => d.id === filed.data.fileDiscovery.id);
    expect(find(await as(Department.CIVIL_AFFAIRS, Role.STAFF)(list)).householdSituation).toMatch(/900/);
    const charity = await as(Department.CHARITY, Role.STAFF)(list);
    expect(find(charity).householdSituation).toBeNull();
    expect(charity.extensions!.withheld).toContainEqual({
      path: ['discoveries', charity.data.discoveries.indexOf(find(charity)), 'householdSituation'],
      reason: 'NO_CONSENT',
    });
  });
});
