import { SeedDatabases, seedPeople } from '../../bench/seed-data';
import { Role } from '../../shared/auth';
import { Department } from '../../shared/departments';
import { PAGE_DEFAULT, PAGE_MAX } from '../../shared/paging';
import { buildSubject, rng } from '../fixtures/factories';
import { contractOperations } from '../helpers/contract';
import { TestSystem, startSystem } from '../helpers/system';

/** every list that pages, with the query of one page and where its order comes from */
const LISTS = {
  overdueVisits: {
    query: `query($r: String!, $first: Int, $after: String) { overdueVisits(regionCode: $r, asOf: "2030-01-01", first: $first, after: $after) { cursor dueAt subject { id } } }`,
    region: 'township under 330381',
    key: (i: any) => [i.dueAt, i.subject.id],
    direction: 1,
  },
  dueVisits: {
    query: `query($r: String!, $first: Int, $after: String) { dueVisits(regionCode: $r, until: "2030-01-01", first: $first, after: $after) { cursor dueAt subject { id } } }`,
    region: 'township under 500114',
    key: (i: any) => [i.dueAt, i.subject.id],
    direction: 1,
  },
  discoveries: {
    query: `query($r: String!, $first: Int, $after: String) { discoveries(regionCode: $r, first: $first, after: $after) { cursor id foundAt } }`,
    region: '33',
    key: (i: any) => [i.foundAt, i.id],
    direction: -1,
  },
  observationList: {
    query: `query($r: String!, $first: Int, $after: String) { observationList(regionCode: $r, first: $first, after: $after) { cursor id outcome { reviewOn } } }`,
    region: 'most observed province',
    key: (i: any) => [i.outcome.reviewOn, i.id],
    direction: 1,
  },
  earlyWarnings: {
    query: `query($r: String!, $first: Int, $after: String) { earlyWarnings(regionCode: $r, first: $first, after: $after) { cursor id raisedAt } }`,
    region: '33',
    key: (i: any) => [i.raisedAt, i.id],
    direction: -1,
  },
  referrals: {
    query: `query($first: Int, $after: String) { referrals(department: HEALTH, first: $first, after: $after) { cursor id createdAt } }`,
    region: null,
    key: (i: any) => [i.createdAt, i.id],
    direction: 1,
  },
} as const;
type ListName = keyof typeof LISTS;

function compareKeys(a: string[], b: string[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] < b[i] ? -1 : 1;
  return 0;
}

describe('lists that page: first, after and a cursor on every item, in a stable order', () => {
  let system: TestSystem;
  let admin: ReturnType<TestSystem['as']>;
  /** the busiest township under each county, for the due lists */
  const townships = new Map<string, string>();

  beforeAll(async () => {
    system = await startSystem();
    const dbs = Object.fromEntries(
      Object.values(Department).map((d) => [d, system.subgraphs[d].database.dataSource]),
    ) as SeedDatabases;
    await seedPeople(dbs, { subjects: 3000, seed: 21 });
    admin = system.as(Department.CIVIL_AFFAIRS, Role.ADMIN);
    for (const county of ['330381', '500114']) {
      const [{ code }] = await dbs[Department.CIVIL_AFFAIRS].query(
        `SELECT left(visit_region_code, 9) AS code FROM subject_standing WHERE visit_region_code LIKE $1
         GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1`,
        [`${county}%`],
      );
      townships.set(`township under ${county}`, code);
    }
    const [{ province }] = await dbs[Department.CIVIL_AFFAIRS].query(
      `SELECT left(s.registered_region_code, 2) AS province FROM discoveries d JOIN subjects s ON s.id = d.subject_id
       WHERE d.decision = 'NOT_ELIGIBLE' GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1`,
    );
    townships.set('most observed province', province);
  }, 300_000); // thousands of people: a minute on embedded PGlite on a busy machine
  afterAll(() => system?.close());

  const page = async (name: ListName, first?: number | null, after?: string | null) => {
    const list = LISTS[name];
    const region = list.region && (townships.get(list.region) ?? list.region);
    const { data, errors } = await admin(list.query, { r: region, first, after });
    expect(errors).toBeUndefined();
    return data[name] as any[];
  };

  /** every item, `first` at a time, following each page's last cursor */
  const walk = async (name: ListName, first: number) => {
    const items: any[] = [];
    let after: string | null = null;
    for (;;) {
      const got = await page(name, first, after);
      items.push(...got);
      if (got.length < first) return items;
      after = got[got.length - 1].cursor;
    }
  };

  it.each(Object.keys(LISTS) as ListName[])(
    '%s: pages join up to the whole list, each item once, in its order',
    async (name) => {
      const whole = await page(name, PAGE_MAX);
      expect(whole.length).toBeGreaterThan(2);
      expect(whole.length).toBeLessThan(PAGE_MAX);
      const walked = await walk(name, Math.max(2, Math.ceil(whole.length / 8)));
      expect(walked.map((i) => i.cursor)).toEqual(whole.map((i) => i.cursor));
      expect(new Set(walked.map((i) => i.cursor)).size).toBe(walked.length);
      const { key, direction } = LISTS[name];
      for (let i = 1; i < whole.length; i++)
        expect(compareKeys(key(whole[i - 1]), key(whole[i])) * direction).toBeLessThan(0);
    },
  );

  it(`answers ${PAGE_DEFAULT} items without first (existing callers get the first page)`, async () => {
    const ask = (first?: number) =>
      admin(
        `query($first: Int) { overdueVisits(regionCode: "330381", asOf: "2030-01-01", first: $first) { cursor } }`,
        {
          first,
        },
      ).then((r) => r.data.overdueVisits as Array<{ cursor: string }>);
    const [all, first] = [await ask(PAGE_MAX), await ask()];
    expect(all.length).toBeGreaterThan(PAGE_DEFAULT);
    expect(first.map((i) => i.cursor)).toEqual(all.slice(0, PAGE_DEFAULT).map((i) => i.cursor));
  });

  it('gives the same page for the same cursor (the order is stable)', async () => {
    const [, second] = await page('overdueVisits', 2);
    expect(await page('overdueVisits', 5, second.cursor)).toEqual(
      await page('overdueVisits', 5, second.cursor),
    );
  });

  it('answers the contract’s OverdueVisitsPage for a township, its first page of 50 then the next', async () => {
    const op = contractOperations().find((o) => o.name === 'OverdueVisitsPage')!;
    const township = system.subgraphs[Department.CIVIL_AFFAIRS].database.dataSource;
    const [{ code }] = await township.query(
      `SELECT left(visit_region_code, 9) AS code FROM subject_standing GROUP BY 1 ORDER BY count(*) DESC LIMIT 1`,
    );
    const ask = (after: string | null) =>
      admin(op.document, { regionCode: code, asOf: '2030-01-01', first: 50, after }, 'OverdueVisitsPage');
    const one = await ask(null);
    expect(one.errors).toBeUndefined();
    const items = one.data.overdueVisits;
    expect(items.length).toBeGreaterThan(0);
    expect(items[0]).toEqual({
      cursor: expect.any(String),
      subject: { id: expect.any(String), name: expect.any(String), tier: expect.any(String) },
      dueAt: expect.any(String),
    });
    const two = await ask(items[items.length - 1].cursor);
    expect(two.errors).toBeUndefined();
    const seen = new Set(items.map((i: any) => i.subject.id));
    expect(two.data.overdueVisits.every((i: any) => !seen.has(i.subject.id))).toBe(true);
  });

  it('lists under a township its leads about people not registered yet and about its registered people, not under another; a registration or a move takes a lead along', async () => {
    const civil = system.subgraphs[Department.CIVIL_AFFAIRS].database.dataSource;
    const [{ id: lead, village, idNumber }] = await civil.query(
      `SELECT d.id, s.registered_region_code AS village, s.id_number AS "idNumber"
       FROM discoveries d JOIN subjects s ON s.id = d.subject_id ORDER BY d.id LIMIT 1`,
    );
    const township = village.slice(0, 9);
    const [{ code: elsewhere }] = await civil.query(
      `SELECT code FROM regions WHERE level = 'VILLAGE' AND code LIKE $1 AND left(code, 9) <> $2 ORDER BY code LIMIT 1`,
      [`${village.slice(0, 6)}%`, township],
    );
    const otherTownship = elsewhere.slice(0, 9);
    /** every lead listed under the region, following the cursors 7 at a time */
    const listed = async (regionCode: string) => {
      const ids: string[] = [];
      let after: string | null = null;
      for (;;) {
        const { data, errors } = await admin(LISTS.discoveries.query, { r: regionCode, first: 7, after });
        expect(errors).toBeUndefined();
        ids.push(...data.discoveries.map((d: { id: string }) => d.id));
        if (data.discoveries.length < 7) return ids;
        after = data.discoveries[data.discoveries.length - 1].cursor;
      }
    };
    // a street patrol's lead about someone not registered yet, found in the township; the person's
    // ID number is of the same county, and they will be registered in the other township
    const newcomer = buildSubject(rng(99), elsewhere);
    const filed = await admin(`mutation($input: DiscoveryInput!) { fileDiscovery(input: $input) { id } }`, {
      input: {
        idNumber: newcomer.idNumber,
        personName: newcomer.name,
        regionCode: township,
        method: 'IN_WORK',
        category: 'MAY_QUALIFY_NOT_APPLIED',
        suspectedAssistance: ['TEMPORARY'],
        householdSituation: '街面巡查发现，无固定住所',
      },
    });
    expect(filed.errors).toBeUndefined();
    const unregistered = filed.data.fileDiscovery.id;

    const here = await listed(township);
    expect(here).toEqual(expect.arrayContaining([lead, unregistered]));
    const there = await listed(otherTownship);
    expect(there).not.toContain(lead);
    expect(there).not.toContain(unregistered);
    expect(await listed(township.slice(0, 6))).toEqual(expect.arrayContaining([lead, unregistered]));

    // registered in the other township: the lead is theirs now, listed where they are registered
    const staff = system.as(Department.CIVIL_AFFAIRS, Role.STAFF, township.slice(0, 6));
    const registered = await staff(`mutation($i: SubjectInput!) { registerSubject(input: $i) { id } }`, {
      i: newcomer,
    });
    expect(registered.errors).toBeUndefined();
    // the registered person moves to the other township: their lead goes along
    const moved = await admin(
      `mutation($n: String!, $to: String!) { moveSubject(idNumber: $n, registeredRegionCode: $to, reason: "迁居") { id } }`,
      { n: idNumber, to: elsewhere },
    );
    expect(moved.errors).toBeUndefined();
    const hereNow = await listed(township);
    expect(hereNow).not.toContain(lead);
    expect(hereNow).not.toContain(unregistered);
    expect(await listed(otherTownship)).toEqual(expect.arrayContaining([lead, unregistered]));
  });

  it.each([0, -1, PAGE_MAX + 1])('refuses first: %d as BAD_USER_INPUT naming first', async (first) => {
    const { errors } = await admin(LISTS.discoveries.query, { r: '33', first });
    expect(errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
  });

  it.each([
    ['not base64 JSON', 'not a cursor!'],
    ['JSON of something else', Buffer.from('{"a":1}').toString('base64url')],
    ['a cursor with a bad id', Buffer.from('["Discovery","1; drop table"]').toString('base64url')],
  ])('refuses after: %s as BAD_USER_INPUT naming after', async (_what, after) => {
    const { errors } = await admin(LISTS.discoveries.query, { r: '33', first: 5, after });
    expect(errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
  });

  it('refuses a cursor of another list as BAD_USER_INPUT naming after', async () => {
    const [warning] = await page('earlyWarnings', 1);
    const { errors } = await admin(LISTS.discoveries.query, { r: '33', first: 5, after: warning.cursor });
    expect(errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
    const overdue = await admin(LISTS.overdueVisits.query, { r: '330381', first: 5, after: warning.cursor });
    expect(overdue.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
  });
});
