import { Role } from '../../shared/auth';
import { Department } from '../../shared/departments';
import { buildSubject, rng } from '../fixtures/factories';
import { TestSystem, startSystem } from '../helpers/system';

const REGISTER = `mutation($input: SubjectInput!) { registerSubject(input: $input) { id } }`;
const DISABILITY = `mutation($input: DisabilityInput!) { recordDisability(input: $input) { certificateNumber category grade issuedAt } }`;
const MEDICAL = `mutation($input: MedicalInput!) { recordMedical(input: $input) { insuranceType majorIllness outOfPocketLast12Months } }`;
const UNION = `mutation($input: UnionMemberInput!) { recordUnionMember(input: $input) { member employer difficultWorker { level since reason } } }`;
const RESOURCE = `mutation($input: CharityResourceInput!) { addCharityResource(input: $input) { id name kind regionCode capacity tags } }`;
const MATCH = `mutation($input: CharityMatchInput!) { matchCharityResource(input: $input) { id status resource { name } } }`;

describe('partner departments keep their own records about registered subjects', () => {
  let system: TestSystem;
  const r = rng(2);
  const person = buildSubject(r, '330381101009');
  const stranger = buildSubject(r, '330381101009');

  beforeAll(async () => {
    system = await startSystem();
    const { errors } = await system.as(Department.CIVIL_AFFAIRS)(REGISTER, { input: person });
    expect(errors).toBeUndefined();
  });
  afterAll(() => system?.close());

  describe('disability federation', () => {
    const staff = () => system.as(Department.DISABILITY, Role.STAFF, '330381');

    it('records a certificate whose number encodes the ID number, category and grade', async () => {
      const { data, errors } = await staff()(DISABILITY, {
        input: {
          idNumber: person.idNumber,
          certificateNumber: `${person.idNumber}42`,
          category: 'PHYSICAL',
          grade: 2,
          issuedAt: '2018-06-01',
        },
      });
      expect(errors).toBeUndefined();
      expect(data.recordDisability).toEqual({
        certificateNumber: `${person.idNumber}42`,
        category: 'PHYSICAL',
        grade: 2,
        issuedAt: '2018-06-01',
      });
    });

    it('refuses a certificate number that disagrees with the category or grade', async () => {
      const { errors } = await staff()(DISABILITY, {
        input: {
          idNumber: person.idNumber,
          certificateNumber: `${person.idNumber}41`,
          category: 'PHYSICAL',
          grade: 2,
        },
      });
      expect(errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'certificateNumber' });
    });

    it('refuses grade 5', async () => {
      const { errors } = await staff()(DISABILITY, {
        input: {
          idNumber: person.idNumber,
          certificateNumber: `${person.idNumber}45`,
          category: 'PHYSICAL',
          grade: 5,
        },
      });
      expect(errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'grade' });
    });

    it('refuses an ID number the registry does not know with NOT_FOUND', async () => {
      const { errors } = await staff()(DISABILITY, {
        input: {
          idNumber: stranger.idNumber,
          certificateNumber: `${stranger.idNumber}42`,
          category: 'PHYSICAL',
          grade: 2,
        },
      });
      expect(errors![0].extensions).toMatchObject({ code: 'NOT_FOUND', field: 'idNumber' });
    });

    it('refuses another department writing disability records', async () => {
      const health = system.as(Department.HEALTH, Role.STAFF, '330381');
      const { errors } = await health(DISABILITY, {
        input: {
          idNumber: person.idNumber,
          certificateNumber: `${person.idNumber}42`,
          category: 'PHYSICAL',
          grade: 2,
        },
      });
      expect(errors![0].extensions!.code).toBe('FORBIDDEN');
    });
  });

  describe('medical insurance / health', () => {
    it('records insurance, major illness and out-of-pocket spending, and updates them in place', async () => {
      const health = system.as(Department.HEALTH, Role.STAFF, '330381');
      await health(MEDICAL, {
        input: {
          idNumber: person.idNumber,
          insuranceType: 'RESIDENT',
          majorIllness: false,
          outOfPocketLast12Months: 1200,
        },
      });
      const { data, errors } = await health(MEDICAL, {
        input: {
          idNumber: person.idNumber,
          insuranceType: 'RESIDENT',
          majorIllness: true,
          outOfPocketLast12Months: 23000,
        },
      });
      expect(errors).toBeUndefined();
      expect(data.recordMedical).toEqual({
        insuranceType: 'RESIDENT',
        majorIllness: true,
        outOfPocketLast12Months: 23000,
      });
    });

    it("asks the registry once for a request's records of several people, and refuses an unknown one", async () => {
      const people = [0, 1, 2].map(() => buildSubject(r, '330381101009'));
      const outsider = buildSubject(r, '310118001001');
      for (const p of [...people, outsider]) {
        const { errors } = await system.as(Department.CIVIL_AFFAIRS)(REGISTER, { input: p });
        expect(errors).toBeUndefined();
      }
      const health = system.as(Department.HEALTH, Role.STAFF, '330381');
      const record = (ids: string[], spent: number) =>
        system.countQueries(() =>
          health(
            `mutation(${ids.map((_, i) => `$i${i}: MedicalInput!`).join(', ')}) {\n` +
              ids.map((_, i) => `m${i}: recordMedical(input: $i${i}) { majorIllness }`).join('\n') +
              '\n}',
            Object.fromEntries(
              ids.map((idNumber, i) => [
                `i${i}`,
                { idNumber, insuranceType: 'RESIDENT', majorIllness: true, outOfPocketLast12Months: spent },
              ]),
            ),
          ),
        );
      const lookups = (statements: Record<Department, string[]>) =>
        statements[Department.CIVIL_AFFAIRS].filter((sql) => /subjects by id_number/.test(sql)).length;
      const errorsOf = (errors: any[] | undefined) =>
        (errors ?? []).map((e) => ({ path: e.path, code: e.extensions.code, field: e.extensions.field }));

      // four people, one registry call; the last is not registered
      const first = await record(
        [...people, stranger].map((p) => p.idNumber),
        3000,
      );
      expect(lookups(first.statements)).toBe(1);
      expect(errorsOf(first.result.errors)).toEqual([{ path: ['m3'], code: 'NOT_FOUND', field: 'idNumber' }]);
      // a person outside the caller's region is answered as unknown, as before
      const second = await record(
        [people[0], outsider].map((p) => p.idNumber),
        4000,
      );
      expect(lookups(second.statements)).toBe(1);
      expect(errorsOf(second.result.errors)).toEqual([
        { path: ['m1'], code: 'NOT_FOUND', field: 'idNumber' },
      ]);
      // an ID number that does not parse is left to its field
      const third = await record([people[1].idNumber, '123'], 5000);
      expect(errorsOf(third.result.errors)).toEqual([
        { path: ['m1'], code: 'BAD_USER_INPUT', field: 'idNumber' },
      ]);

      const { data, errors } = await system.as(Department.HEALTH)(
        `query($ids: [String!]!) { subjectsByIdNumbers(idNumbers: $ids) { medical { outOfPocketLast12Months } } }`,
        { ids: people.map((p) => p.idNumber) },
      );
      expect(errors).toBeUndefined();
      expect(data.subjectsByIdNumbers.map((s: any) => s.medical.outOfPocketLast12Months)).toEqual([
        4000, 5000, 3000,
      ]);
    });

    it('refuses negative spending, naming the field', async () => {
      const { errors } = await system.as(Department.HEALTH)(MEDICAL, {
        input: {
          idNumber: person.idNumber,
          insuranceType: 'RESIDENT',
          majorIllness: true,
          outOfPocketLast12Months: -1,
        },
      });
      expect(errors![0].extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        field: 'outOfPocketLast12Months',
      });
    });
  });

  describe('trade union', () => {
    it('records a member and a difficult-worker file', async () => {
      const { data, errors } = await system.as(Department.TRADE_UNION)(UNION, {
        input: {
          idNumber: person.idNumber,
          employer: '瑞安市某机械厂',
          difficultWorker: { level: 'DEEP', since: '2025-09-01', reason: '家庭成员重病' },
        },
      });
      expect(errors).toBeUndefined();
      expect(data.recordUnionMember).toEqual({
        member: true,
        employer: '瑞安市某机械厂',
        difficultWorker: { level: 'DEEP', since: '2025-09-01', reason: '家庭成员重病' },
      });
    });

    it('refuses a bad date in the difficult-worker file', async () => {
      const { errors } = await system.as(Department.TRADE_UNION)(UNION, {
        input: {
          idNumber: person.idNumber,
          difficultWorker: { level: 'DEEP', since: '2025-13-01', reason: 'x' },
        },
      });
      expect(errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'difficultWorker.since' });
    });
  });

  describe('charity', () => {
    it('adds a resource in a known region and matches it to a subject up to its capacity', async () => {
      const charity = system.as(Department.CHARITY, Role.STAFF, '330381');
      const added = await charity(RESOURCE, {
        input: {
          name: '瑞安市慈善总会助医项目',
          kind: 'CHARITY_PROJECT',
          regionCode: '330381',
          capacity: 1,
          tags: ['MEDICAL'],
        },
      });
      expect(added.errors).toBeUndefined();
      expect(added.data.addCharityResource).toMatchObject({
        kind: 'CHARITY_PROJECT',
        regionCode: '330381',
        capacity: 1,
        tags: ['MEDICAL'],
      });
      const resourceId = added.data.addCharityResource.id;
      const matched = await charity(MATCH, { input: { idNumber: person.idNumber, resourceId } });
      expect(matched.data.matchCharityResource).toMatchObject({
        status: 'ACTIVE',
        resource: { name: '瑞安市慈善总会助医项目' },
      });
      const again = await charity(MATCH, { input: { idNumber: person.idNumber, resourceId } });
      expect(again.errors![0].extensions!.code).toBe('CONFLICT');
    });

    it("matches the library to a person's needs where they live, most shared tags first, free places only", async () => {
      const charity = system.as(Department.CHARITY, Role.STAFF, '330381');
      const add = async (name: string, regionCode: string, capacity: number, tags: string[]) =>
        (
          await charity(RESOURCE, {
            input: { name, kind: 'SOCIAL_ORGANIZATION', regionCode, capacity, tags },
          })
        ).data.addCharityResource.id;
      const both = await add('塘下镇助老助医服务社', '330381101', 5, ['MEDICAL', 'CARE']);
      const care = await add('瑞安市居家照护志愿队', '330381', 5, ['CARE']);
      const { data, errors } = await charity(
        `{ charityResourcesFor(regionCode: "330381101009", needs: ["MEDICAL", "CARE"]) { resource { id } matchingTags remaining } }`,
      );
      expect(errors).toBeUndefined();
      const ids = data.charityResourcesFor.map((s: any) => s.resource.id);
      expect(data.charityResourcesFor[0]).toEqual({
        resource: { id: both },
        matchingTags: ['MEDICAL', 'CARE'],
        remaining: 5,
      });
      expect(ids).toContain(care);
      // the capacity-1 project matched above is full
      expect(data.charityResourcesFor.every((s: any) => s.remaining > 0)).toBe(true);
      const qingpu = `{ charityResourcesFor(regionCode: "310118001001", needs: ["CARE"]) { resource { id } } }`;
      const elsewhere = await system.as(Department.CHARITY, Role.ADMIN)(qingpu);
      expect(elsewhere.data.charityResourcesFor.map((s: any) => s.resource.id)).not.toContain(care);
      // and a Rui'an member of staff may not ask about Qingpu at all
      expect((await charity(qingpu)).errors![0].extensions!.code).toBe('FORBIDDEN');
    });

    it('refuses an unknown region code', async () => {
      const { errors } = await system.as(Department.CHARITY)(RESOURCE, {
        input: { name: 'x', kind: 'VOLUNTEER', regionCode: '339999', capacity: 1 },
      });
      expect(errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'regionCode' });
    });
  });
});
