import { SeedDatabases, seedPeople } from '../../bench/seed-data';
import { Role } from '../../shared/auth';
import { Department } from '../../shared/departments';
import { parseIdNumber } from '../../shared/id-number';
import { contractOperations } from '../helpers/contract';
import { TestSystem, startSystem } from '../helpers/system';

const SEED_PREFIXES = ['330381', '310118', '310115137', '500114', '350102'];

describe('npm run seed: synthetic people straight into each department’s database', () => {
  let system: TestSystem;
  let dbs: SeedDatabases;
  const now = new Date();
  const sql = (department: Department, text: string, params: unknown[] = []) =>
    dbs[department].query(text, params);

  beforeAll(async () => {
    system = await startSystem();
    dbs = Object.fromEntries(
      Object.values(Department).map((d) => [d, system.subgraphs[d].database.dataSource]),
    ) as SeedDatabases;
    await seedPeople(dbs, { subjects: 300, seed: 7, now });
  });
  afterAll(() => system?.close());

  it('writes the number of people asked for, each with a valid ID number of their county', async () => {
    const rows: Array<{ id_number: string; registered_region_code: string; birth_date: string }> = await sql(
      Department.CIVIL_AFFAIRS,
      `SELECT id_number, registered_region_code, birth_date::text FROM subjects`,
    );
    expect(rows).toHaveLength(300);
    for (const row of rows) {
      const parsed = parseIdNumber(row.id_number);
      expect(parsed.regionPrefix).toBe(row.registered_region_code.slice(0, 6));
      expect(parsed.birthDate).toBe(row.birth_date);
    }
  });

  it('places people in real villages of the five seed regions, every region populated', async () => {
    const rows: Array<{ code: string; level: string | null }> = await sql(
      Department.CIVIL_AFFAIRS,
      `SELECT s.registered_region_code AS code, r.level FROM subjects s LEFT JOIN regions r ON r.code = s.registered_region_code`,
    );
    expect(rows.every((r) => r.level === 'VILLAGE')).toBe(true);
    for (const prefix of SEED_PREFIXES) expect(rows.some((r) => r.code.startsWith(prefix))).toBe(true);
    expect(rows.every((r) => SEED_PREFIXES.some((p) => r.code.startsWith(p)))).toBe(true);
  });

  it('groups people in households of 1 to 5 whose size is the number of members', async () => {
    const rows: Array<{ size: number; members: number }> = await sql(
      Department.CIVIL_AFFAIRS,
      `SELECT h.size, count(s.id)::int AS members FROM households h JOIN subjects s ON s.household_id = h.id GROUP BY h.id`,
    );
    expect(rows.every((r) => r.size === r.members && r.size >= 1 && r.size <= 5)).toBe(true);
    expect(new Set(rows.map((r) => r.size)).size).toBeGreaterThan(2);
  });

  it('populates every department and civil affairs’ lists', async () => {
    const count = async (d: Department, t: string) =>
      (await sql(d, `SELECT count(*)::int AS n FROM ${t}`))[0].n as number;
    for (const [d, t] of [
      [Department.CIVIL_AFFAIRS, 'assistance_statuses'],
      [Department.CIVIL_AFFAIRS, 'visits'],
      [Department.CIVIL_AFFAIRS, 'subject_standing'],
      [Department.DISABILITY, 'disability_certificates'],
      [Department.HEALTH, 'medical_records'],
      [Department.TRADE_UNION, 'union_members'],
      [Department.CHARITY, 'charity_matches'],
    ] as const)
      expect(await count(d, t)).toBeGreaterThan(0);
    expect(await count(Department.CIVIL_AFFAIRS, 'subject_standing')).toBe(300);
    // what partners published to civil affairs is what their records say
    const [told] = await sql(
      Department.CIVIL_AFFAIRS,
      `SELECT count(*)::int AS n FROM partner_facts WHERE department = 'DISABILITY' AND facts->>'disabilityGrade' IS NOT NULL`,
    );
    expect(told.n).toBe(await count(Department.DISABILITY, 'disability_certificates'));
  });

  it('stores the standings civil affairs’ own recompute gives', async () => {
    const read = () =>
      sql(
        Department.CIVIL_AFFAIRS,
        `SELECT subject_id, tier, due_at, due_reason, last_visit_at, valid_until FROM subject_standing ORDER BY subject_id`,
      );
    const seeded = await read();
    expect(seeded.filter((s: { tier: string | null }) => s.tier).length).toBe(300);
    await system.subgraphs[Department.CIVIL_AFFAIRS].server.services.standing.recompute(
      seeded.map((s: { subject_id: string }) => s.subject_id),
      undefined,
      now,
    );
    expect(await read()).toEqual(seeded);
  });

  it('answers the reception window’s CrossLineLookup through the gateway with every department’s record', async () => {
    const [person] = await sql(
      Department.DISABILITY,
      `SELECT id_number FROM disability_certificates ORDER BY id_number LIMIT 1`,
    );
    const lookup = contractOperations().find((o) => o.name === 'CrossLineLookup')!;
    const { data, errors } = await system.as(Department.CIVIL_AFFAIRS, Role.ADMIN)(lookup.document, {
      idNumber: person.id_number,
    });
    expect(errors).toBeUndefined();
    expect(data.subjectByIdNumber.idNumber).toBe(person.id_number);
    expect(data.subjectByIdNumber.disability.grade).toBeGreaterThanOrEqual(1);
    expect(data.subjectByIdNumber.tier).not.toBeNull();
    expect(data.subjectByIdNumber.eligibility.length).toBeGreaterThan(0);
  });

  it('adds new people on a second run, never reusing an ID number already registered', async () => {
    await seedPeople(dbs, { subjects: 50, seed: 7, now });
    const [{ n, distinct }] = await sql(
      Department.CIVIL_AFFAIRS,
      `SELECT count(*)::int AS n, count(DISTINCT id_number)::int AS distinct FROM subjects`,
    );
    expect(n).toBe(350);
    expect(distinct).toBe(350);
  });
});
