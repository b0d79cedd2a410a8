import { Role } from '../../shared/auth';
import { Department } from '../../shared/departments';
import { buildSubject, rng } from '../fixtures/factories';
import { TestSystem, post, startSystem, token } from '../helpers/system';

const REGISTER = `mutation($input: SubjectInput!) {
  registerSubject(input: $input) {
    id idNumber name sex birthDate
    region { code name level }
    residenceRegion { code }
    household { size monthlyIncomePerCapita }
    assistance { category status since until }
  }
}`;
const LOOKUP = `query($id: String!) { subjectByIdNumber(idNumber: $id) { id name household { size } assistance { category status } } }`;

describe('civil-affairs registry through the gateway', () => {
  let system: TestSystem;
  let civil: ReturnType<TestSystem['as']>;
  const r = rng(1);

  beforeAll(async () => {
    system = await startSystem({ departments: [Department.CIVIL_AFFAIRS] });
    civil = system.as(Department.CIVIL_AFFAIRS, Role.STAFF, '330381');
  });
  afterAll(() => system?.close());

  it('registers a subject with household and assistance, deriving sex and birth date from the ID number', async () => {
    const input = buildSubject(r, '330381101009', { idNumber: '33038119520315432X', name: '陈秀英' });
    const { data, errors } = await civil(REGISTER, { input });
    expect(errors).toBeUndefined();
    expect(data.registerSubject).toMatchObject({
      idNumber: '33038119520315432X',
      name: '陈秀英',
      sex: 'FEMALE',
      birthDate: '1952-03-15',
      region: { code: '330381101009', name: '邵宅社区', level: 'VILLAGE' },
      household: input.household,
    });
  });

  it('updates the same person on a second registration and keeps ended statuses as history', async () => {
    const base = buildSubject(r, '330381101009', {
      assistance: [{ category: 'DIBAO', status: 'ACTIVE', since: '2020-01-01', until: null }],
    });
    const first = await civil(REGISTER, { input: base });
    const second = await civil(REGISTER, {
      input: {
        ...base,
        name: '改名',
        household: { size: 3, monthlyIncomePerCapita: 700 },
        assistance: [
          { category: 'DIBAO', status: 'ENDED', since: '2020-01-01', until: '2026-06-30' },
          { category: 'DIBIAN', status: 'ACTIVE', since: '2026-07-01', until: null },
        ],
      },
    });
    expect(second.errors).toBeUndefined();
    expect(second.data.registerSubject.id).toBe(first.data.registerSubject.id);
    expect(second.data.registerSubject.name).toBe('改名');
    expect(second.data.registerSubject.household).toEqual({ size: 3, monthlyIncomePerCapita: 700 });
    expect(second.data.registerSubject.assistance).toEqual([
      { category: 'DIBAO', status: 'ENDED', since: '2020-01-01', until: '2026-06-30' },
      { category: 'DIBIAN', status: 'ACTIVE', since: '2026-07-01', until: null },
    ]);
  });

  it('refuses an ID number with a wrong check character, names idNumber, and writes nothing', async () => {
    const input = buildSubject(r, '330381101009');
    const bad = input.idNumber.slice(0, 17) + (input.idNumber[17] === '1' ? '2' : '1');
    const { data, errors } = await civil(REGISTER, { input: { ...input, idNumber: bad } });
    expect(data).toBeNull();
    expect(errors![0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'idNumber',
      reason: 'CHECKSUM',
    });
    expect(errors![0].extensions!.stacktrace).toBeUndefined();
    const lookup = await civil(LOOKUP, { id: input.idNumber });
    expect(lookup.data.subjectByIdNumber).toBeNull();
  });

  it('refuses an unknown region code, naming the field', async () => {
    const input = buildSubject(r, '330381101009', { registeredRegionCode: '330381101999' });
    const { errors } = await civil(REGISTER, { input });
    expect(errors![0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'registeredRegionCode',
      reason: 'UNKNOWN_REGION',
    });
  });

  it('refuses a region above township level for a person', async () => {
    const input = buildSubject(r, '330381101009', { registeredRegionCode: '330381' });
    const { errors } = await civil(REGISTER, { input });
    expect(errors![0].extensions).toMatchObject({ field: 'registeredRegionCode', reason: 'REGION_LEVEL' });
  });

  it('refuses a bad date, an ENDED status without its end date, and writes nothing', async () => {
    const input = buildSubject(r, '330381101009');
    const badDate = await civil(REGISTER, {
      input: {
        ...input,
        assistance: [{ category: 'DIBAO', status: 'ACTIVE', since: '2024-02-30', until: null }],
      },
    });
    expect(badDate.errors![0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'assistance[0].since',
      reason: 'DATE',
    });
    const noEnd = await civil(REGISTER, {
      input: {
        ...input,
        assistance: [{ category: 'DIBAO', status: 'ENDED', since: '2024-02-01', until: null }],
      },
    });
    expect(noEnd.errors![0].extensions).toMatchObject({ field: 'assistance[0].until', reason: 'REQUIRED' });
    expect((await civil(LOOKUP, { id: input.idNumber })).data.subjectByIdNumber).toBeNull();
  });

  it('refuses an unknown enum value before any resolver runs', async () => {
    const input = buildSubject(r, '330381101009', {
      assistance: [{ category: 'WELFARE', status: 'ACTIVE', since: '2024-02-01', until: null }],
    });
    const { errors } = await civil(REGISTER, { input });
    expect(errors![0].extensions!.code).toBe('BAD_USER_INPUT');
    expect(errors![0].message).toMatch(/WELFARE/);
  });

  it('refuses registration outside the user’s region', async () => {
    const input = buildSubject(r, '310118001001');
    const { errors } = await civil(REGISTER, { input });
    expect(errors![0].extensions!.code).toBe('FORBIDDEN');
  });

  it('lets only civil-affairs staff register people', async () => {
    const window = system.as(Department.DISABILITY, Role.STAFF, '330381');
    const { errors } = await window(REGISTER, { input: buildSubject(r, '330381101009') });
    expect(errors![0].extensions!.code).toBe('FORBIDDEN');
    expect(errors![0].message).toMatch(/registerSubject is not open to STAFF of DISABILITY/);
  });

  it('answers UNAUTHENTICATED with HTTP 401 without a token, at the gateway and at the subgraph', async () => {
    const atGateway = await post(system.gatewayUrl, LOOKUP, { id: '33038119520315432X' });
    expect(atGateway.status).toBe(401);
    expect(atGateway.errors![0].extensions!.code).toBe('UNAUTHENTICATED');
    const atSubgraph = await post(system.subgraphs.CIVIL_AFFAIRS.url, LOOKUP, { id: '33038119520315432X' });
    expect(atSubgraph.status).toBe(401);
  });

  it('answers a subject registered outside the reader’s region exactly as an unknown one', async () => {
    const qingpu = await token(Department.CIVIL_AFFAIRS, Role.WINDOW, '310118');
    const outside = await post(system.gatewayUrl, LOOKUP, { id: '33038119520315432X' }, qingpu);
    const unknown = await post(
      system.gatewayUrl,
      LOOKUP,
      { id: buildSubject(r, '330381101009').idNumber },
      qingpu,
    );
    expect(outside).toEqual(unknown);
    expect(outside.data.subjectByIdNumber).toBeNull();
    expect(outside.errors).toBeUndefined();
  });

  it('returns null for a valid ID number the registry does not know', async () => {
    const input = buildSubject(r, '330381101009');
    expect((await civil(LOOKUP, { id: input.idNumber })).data.subjectByIdNumber).toBeNull();
  });

  it('knows the national division codes, down to villages of the seed provinces', async () => {
    const { data } = await civil(
      `{ a: region(code: "310115137") { name level parent { code name } } b: region(code: "999999") { name } c: regions(codes: ["500114", "350102", "123"]) { code name } }`,
    );
    expect(data.a).toEqual({
      name: '航头镇',
      level: 'TOWNSHIP',
      parent: { code: '310115', name: '浦东新区' },
    });
    expect(data.b).toBeNull();
    expect(data.c).toEqual(
      expect.arrayContaining([
        { code: '500114', name: '黔江区' },
        { code: '350102', name: '鼓楼区' },
      ]),
    );
  });
});
