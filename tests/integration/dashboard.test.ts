import { Role } from '../../shared/auth';
import { Department } from '../../shared/departments';
import { buildSubject, rng, villagesUnder } from '../fixtures/factories';
import { registerWithRecords } from '../helpers/records';
import { TestSystem, startSystem } from '../helpers/system';

const TOWNSHIP = '330381101';
const OTHER_TOWNSHIP = '330381116';
const COUNTS = `query($r: String!) {
  dashboardCounters(regionCode: $r) {
    pendingReferrals
    underCare { total byTier { tier count } byVillage { count region { code name level } } }
    pendingReferralsByDepartment { department count }
  }
}`;
const REFER = `mutation($i: ReferralInput!) { createReferral(input: $i) { id } }`;

describe("a leader's dashboard counts on the server: people under visiting care by tier and village, the referral backlog per department", () => {
  let system: TestSystem;
  const r = rng(1550);
  const [first, second, third] = villagesUnder(TOWNSHIP, 3);
  const onDibao = { assistance: [{ category: 'DIBAO', status: 'ACTIVE', since: '2024-01-01', until: null }] };
  // three, two and one people in three villages of the township; one in another township of the county
  const township = [first, first, first, second, second, third].map((v) => buildSubject(r, v, onDibao));
  const outside = buildSubject(r, villagesUnder(OTHER_TOWNSHIP, 1)[0], onDibao);
  const leader = (region: string) => system.as(Department.CIVIL_AFFAIRS, Role.DASHBOARD, region);
  const counts = async (region: string, as = region) => {
    const { data, errors } = await leader(as)(COUNTS, { r: region });
    expect(errors).toBeUndefined();
    return data.dashboardCounters;
  };
  const refer = async (idNumber: string, programId: string) => {
    const { data, errors } = await system.as(
      Department.CIVIL_AFFAIRS,
      Role.WINDOW,
      '330381',
    )(REFER, {
      i: { idNumber, programId, reason: '申请救助' },
    });
    expect(errors).toBeUndefined();
    return data.createReferral.id as string;
  };

  beforeAll(async () => {
    system = await startSystem();
    // the first two and the outsider also have a grade-2 disability and a serious illness: referable
    for (const p of [township[0], township[3], outside]) await registerWithRecords(system, p);
    for (const p of [township[1], township[2], township[4], township[5]])
      await system.write(Department.CIVIL_AFFAIRS, 'registerSubject', 'SubjectInput', p);
    await refer(township[0].idNumber, 'DISABILITY:care-subsidy');
    await refer(township[0].idNumber, 'HEALTH:medical-assistance');
    const accepted = await refer(township[3].idNumber, 'DISABILITY:care-subsidy');
    const { errors } = await system.as(
      Department.DISABILITY,
      Role.STAFF,
      '330381',
    )(`mutation($id: ID!) { acceptReferral(id: $id, note: "已受理") { id } }`, { id: accepted });
    expect(errors).toBeUndefined();
    await refer(township[3].idNumber, 'DISABILITY:living-subsidy');
    await refer(outside.idNumber, 'DISABILITY:care-subsidy');
    await system.settle();
  });
  afterAll(() => system?.close());

  /** each person's tier as the registry answers it, counted here */
  const tiersOf = async (people: Array<{ idNumber: string }>) => {
    const { data, errors } = await system.as(Department.CIVIL_AFFAIRS)(
      `query($ids: [String!]!) { subjectsByIdNumbers(idNumbers: $ids) { tier } }`,
      { ids: people.map((p) => p.idNumber) },
    );
    expect(errors).toBeUndefined();
    const tally: Record<string, number> = { HIGH_RISK: 0, KEY: 0, GENERAL: 0 };
    for (const s of data.subjectsByIdNumbers) tally[s.tier] += 1;
    return Object.entries(tally).map(([tier, count]) => ({ tier, count }));
  };

  it("counts the township's people under visiting care by tier, every tier given, as each person's tier says", async () => {
    const { underCare } = await counts(TOWNSHIP);
    expect(underCare.total).toBe(6);
    expect(underCare.byTier).toEqual(await tiersOf(township));
  });

  it('counts them by village, most first, with the village named', async () => {
    const { underCare } = await counts(TOWNSHIP);
    expect(underCare.byVillage.map((v: any) => [v.region.code, v.count])).toEqual([
      [first, 3],
      [second, 2],
      [third, 1],
    ]);
    expect(underCare.byVillage[0].region.level).toBe('VILLAGE');
    expect(underCare.byVillage[0].region.name).toMatch(/./);
  });

  it('counts a village alone, and the county with the person of its other township', async () => {
    expect((await counts(second, TOWNSHIP)).underCare.total).toBe(2);
    const county = await counts('330381');
    expect(county.underCare.total).toBe(7);
    expect(county.underCare.byTier).toEqual(await tiersOf([...township, outside]));
    expect(county.underCare.byVillage).toHaveLength(4);
  });

  it("counts the pending referrals about the township's people per department, every department given", async () => {
    const { pendingReferralsByDepartment, pendingReferrals } = await counts(TOWNSHIP);
    expect(pendingReferralsByDepartment).toEqual([
      { department: 'CIVIL_AFFAIRS', count: 0 },
      { department: 'DISABILITY', count: 2 },
      { department: 'TRADE_UNION', count: 0 },
      { department: 'HEALTH', count: 1 },
      { department: 'CHARITY', count: 0 },
    ]);
    expect(pendingReferrals).toBe(3);
    const county = await counts('330381');
    expect(county.pendingReferralsByDepartment).toContainEqual({ department: 'DISABILITY', count: 3 });
  });

  it("leaves out the other township's person, and refuses a leader a region outside their own", async () => {
    const other = await counts(OTHER_TOWNSHIP);
    expect(other.underCare.total).toBe(1);
    expect(other.pendingReferralsByDepartment).toContainEqual({ department: 'DISABILITY', count: 1 });
    for (const region of [OTHER_TOWNSHIP, '330381']) {
      const { data, errors } = await leader(TOWNSHIP)(COUNTS, { r: region });
      expect(errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN' });
      expect(data?.dashboardCounters ?? null).toBeNull();
    }
  });

  it('refuses the counts to another department', async () => {
    const { errors } = await system.as(Department.HEALTH, Role.ADMIN, '330381')(COUNTS, { r: TOWNSHIP });
    expect(errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN' });
  });
});
