import { Role } from '../../shared/auth';
import { Department } from '../../shared/departments';
import { buildDisability, buildMedical, buildSubject, buildUnionMember, rng } from '../fixtures/factories';
import { tablesRead } from '../helpers/sql';
import { TestSystem, startSystem } from '../helpers/system';

const LOOKUP_FIELDS = `
  id idNumber name sex birthDate
  region { code name level }
  household { size monthlyIncomePerCapita }
  assistance { category status since until }
  disability { certificateNumber category grade }
  tradeUnion { member difficultWorker { level since reason } }
  medical { insuranceType majorIllness outOfPocketLast12Months }
  charity { activeMatches { resource { id name } status } }`;
const LOOKUP = `query($id: String!) { subjectByIdNumber(idNumber: $id) { ${LOOKUP_FIELDS} } }`;

describe('one query through the gateway reaches all five departments', () => {
  let system: TestSystem;
  const r = rng(3);
  const people = [0, 1, 2].map(() => buildSubject(r, '330381101009'));

  beforeAll(async () => {
    // no background outbox delivery, so only the lookup's own statements are counted
    system = await startSystem({ env: { OUTBOX_INTERVAL_MS: '3600000' } });
    const civil = system.as(Department.CIVIL_AFFAIRS);
    const write = (dept: Department, mutation: string, type: string, input: unknown) =>
      system.write(dept, mutation, type, input);
    for (const p of people) {
      await civil(`mutation($i: SubjectInput!) { registerSubject(input: $i) { id } }`, { i: p });
      await write(
        Department.DISABILITY,
        'recordDisability',
        'DisabilityInput',
        buildDisability(r, p.idNumber, 1),
      );
      await write(Department.HEALTH, 'recordMedical', 'MedicalInput', buildMedical(r, p.idNumber));
      await write(
        Department.TRADE_UNION,
        'recordUnionMember',
        'UnionMemberInput',
        buildUnionMember(r, p.idNumber),
      );
    }
  });
  afterAll(() => system?.close());

  it("returns a subject's civil-affairs, disability, trade-union, medical and charity fields together", async () => {
    const { data, errors } = await system.as(
      Department.CIVIL_AFFAIRS,
      Role.WINDOW,
      '330381',
    )(LOOKUP, { id: people[0].idNumber });
    expect(errors).toBeUndefined();
    const s = data.subjectByIdNumber;
    expect(s.name).toBe(people[0].name);
    expect(s.household.size).toBe(people[0].household.size);
    expect(s.disability).toMatchObject({
      grade: 1,
      certificateNumber: expect.stringMatching(new RegExp(`^${people[0].idNumber}\\d1$`)),
    });
    expect(s.medical.insuranceType).toMatch(/RESIDENT|EMPLOYEE|NONE/);
    expect(s.tradeUnion.member).toBe(true);
    expect(s.charity).toEqual({ activeMatches: [] });
  });

  it('costs at most one SQL statement per table per subgraph for one lookup', async () => {
    const ask = system.as(Department.CIVIL_AFFAIRS);
    // the divisions a lookup names are read once per process, then known (region.repository.ts)
    await ask(LOOKUP, { id: people[1].idNumber });
    const { result, statements } = await system.countQueries(() => ask(LOOKUP, { id: people[1].idNumber }));
    expect(result.errors).toBeUndefined();
    for (const [department, list] of Object.entries(statements)) {
      const counts = tablesRead(list);
      expect({ department, counts }).toEqual({
        department,
        counts: Object.fromEntries(Object.keys(counts).map((t) => [t, 1])),
      });
    }
    expect(Object.keys(tablesRead(statements.CIVIL_AFFAIRS)).sort()).toEqual([
      'assistance_statuses',
      'households',
      'subjects',
    ]);
    expect(statements.DISABILITY).toHaveLength(1);
  });

  it('batches a list of three subjects into one _entities call and one statement per table per subgraph', async () => {
    const ask = system.as(Department.CIVIL_AFFAIRS);
    const query = `query($ids: [String!]!) { subjectsByIdNumbers(idNumbers: $ids) { ${LOOKUP_FIELDS} } }`;
    const ids = people.map((p) => p.idNumber);
    const { result, statements } = await system.countQueries(() => ask(query, { ids }));
    expect(result.errors).toBeUndefined();
    expect(result.data.subjectsByIdNumbers.map((s: any) => [s.idNumber, s.disability.grade])).toEqual(
      ids.map((id) => [id, 1]),
    );
    for (const [department, list] of Object.entries(statements)) {
      expect({ department, counts: tablesRead(list) }).toEqual({
        department,
        counts: Object.fromEntries(Object.keys(tablesRead(list)).map((t) => [t, 1])),
      });
    }
    expect(statements.DISABILITY).toHaveLength(1);
    expect(statements.HEALTH).toHaveLength(1);
  });

  it('reports ready only while every subgraph answers', async () => {
    const readyz = system.gatewayUrl.replace('/graphql', '/readyz');
    const up = await fetch(readyz);
    expect(up.status).toBe(200);
    expect(((await up.json()) as any).checks).toEqual({
      'civil-affairs': 'ok',
      disability: 'ok',
      'trade-union': 'ok',
      health: 'ok',
      charity: 'ok',
    });
  });

  // stops a subgraph: keep last
  it('answers with the other departments and an error naming the department that is down', async () => {
    await system.stopSubgraph(Department.DISABILITY);
    const { data, errors } = await system.as(Department.CIVIL_AFFAIRS)(LOOKUP, { id: people[2].idNumber });
    expect(data.subjectByIdNumber.name).toBe(people[2].name);
    expect(data.subjectByIdNumber.medical).not.toBeNull();
    expect(data.subjectByIdNumber.disability).toBeNull();
    expect(errors).toHaveLength(1);
    expect(errors![0].extensions).toMatchObject({ code: 'DEPARTMENT_UNAVAILABLE', department: 'DISABILITY' });
    const readyz = await fetch(system.gatewayUrl.replace('/graphql', '/readyz'));
    expect(readyz.status).toBe(503);
    expect(((await readyz.json()) as any).checks.disability).toMatch(/unreachable/);
  });
});
