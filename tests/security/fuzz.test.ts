/**
 * 1,000 bad inputs through the gateway, drawn by fast-check: corrupted ID numbers, dates, region
 * codes, enums, numbers, control characters, oversize strings and documents, malformed JSON. Every
 * one must be refused with a typed error (the field named where the API promises it), never a 5xx,
 * a stack trace or SQL, and must write nothing in any department's database.
 */
import fc from 'fast-check';
import { Role } from '../../shared/auth';
import { DEPARTMENTS, Department } from '../../shared/departments';
import { checkCharacter, makeIdNumber } from '../../shared/id-number';
import { buildSubject, rng } from '../fixtures/factories';
import { TestSystem, startSystem, token } from '../helpers/system';

const VILLAGE = '330381101009';
const TYPED = new Set([
  'BAD_USER_INPUT',
  'GRAPHQL_VALIDATION_FAILED',
  'GRAPHQL_PARSE_FAILED',
  'BAD_REQUEST',
  'PAYLOAD_TOO_LARGE',
  'NOT_FOUND',
]);
const LEAKS =
  /\n\s+at |\.ts:\d+|node_modules|\bselect\b.+\bfrom\b|\binsert into\b|\bupdate\b.+\bset\b|syntax error at|violates|relation "|column "|duplicate key|pg_|typeorm/i;
const MEGABYTE = 'x'.repeat(1024 * 1024);
const RUNS = { ids: 300, fields: 450, documents: 250 };

/** One request and what it must be refused with. */
interface BadInput {
  label: string;
  as: { department: Department; role: Role; region?: string };
  /** a GraphQL request, or a raw body */
  body: { query: string; variables?: unknown } | string;
  /** the field the error must name, where the API names one */
  field?: string;
  /** codes other than the typed set's usual ones that this input must be answered with */
  codes?: string[];
}

const CIVIL: BadInput['as'] = { department: Department.CIVIL_AFFAIRS, role: Role.ADMIN };
const HEALTH = { department: Department.HEALTH, role: Role.STAFF, region: '330381' };
const DISABILITY = { department: Department.DISABILITY, role: Role.STAFF, region: '330381' };

const FULL_WIDTH = (s: string) => s.replace(/\d/g, (d) => String.fromCharCode(0xff10 + Number(d)));

// ---- ID numbers: valid parts, one thing broken ----
const validParts = fc.record({
  prefix: fc.constantFrom('330381', '310118', '500114', '350102', '110101', '440305'),
  birth: fc
    .date({ min: new Date('1930-01-01'), max: new Date('2020-12-31'), noInvalidDate: true })
    .map((d) => d.toISOString().slice(0, 10)),
  sequence: fc.integer({ min: 1, max: 999 }),
});
const validId = validParts.map((p) => makeIdNumber(p.prefix, p.birth, p.sequence));
const badIdNumber: fc.Arbitrary<[string, string]> = fc.oneof(
  validId.map((id): [string, string] => {
    const wrong = '0123456789X'.replace(id[17], '');
    return [`checksum`, id.slice(0, 17) + wrong[Number(id[16]) % wrong.length]];
  }),
  fc
    .record({
      prefix: validParts.map((p) => p.prefix),
      day: fc.constantFrom('19990230', '20010229', '19800431', '19751301', '19600000', '18991231'),
      sequence: fc.integer({ min: 100, max: 999 }),
    })
    .map(({ prefix, day, sequence }): [string, string] => {
      const first17 = `${prefix}${day}${sequence}`;
      return ['impossible birth date', first17 + checkCharacter(first17)];
    }),
  fc
    .record({ prefix: validParts.map((p) => p.prefix), year: fc.integer({ min: 2027, max: 2099 }) })
    .map(({ prefix, year }): [string, string] => [
      'future birth',
      makeIdNumber(prefix, `${year}-01-15`, 123),
    ]),
  fc
    .tuple(validId, fc.integer({ min: 0, max: 17 }), fc.boolean())
    .map(([id, at, drop]): [string, string] => [
      'wrong length',
      drop ? id.slice(0, at) + id.slice(at + 1) : id.slice(0, at) + '7' + id.slice(at),
    ]),
  validId.map((id): [string, string] => ['full-width digits', FULL_WIDTH(id)]),
  validParts.map((p): [string, string] => [
    'unknown province',
    makeIdNumber(`99${p.prefix.slice(2)}`, p.birth, p.sequence),
  ]),
  validParts
    .filter((p) => !makeIdNumber(p.prefix, p.birth, p.sequence).endsWith('X'))
    .map((p): [string, string] => [
      'lowercase x in place of a digit',
      makeIdNumber(p.prefix, p.birth, p.sequence).slice(0, 17) + 'x',
    ]),
  fc.constantFrom<[string, string]>(['empty', ''], ['spaces', '   '], ['letters', 'ABCDEFGHIJKLMNOPQR']),
);

/** Every operation that takes an ID number, with the bad one in it. */
const ID_OPERATIONS: Array<(id: string, good: string) => Omit<BadInput, 'label'>> = [
  (id) => ({
    as: CIVIL,
    body: {
      query: `mutation($i: SubjectInput!) { registerSubject(input: $i) { id } }`,
      variables: { i: buildSubject(rng(1), VILLAGE, { idNumber: id }) },
    },
    field: 'idNumber',
  }),
  (id) => ({
    as: CIVIL,
    body: { query: `mutation($id: String!) { startVisit(idNumber: $id) { id } }`, variables: { id } },
    field: 'idNumber',
  }),
  (id) => ({
    as: CIVIL,
    body: {
      query: `mutation($i: UrgentCaseInput!) { reportUrgentCase(input: $i) { id } }`,
      variables: { i: { idNumber: id, kind: 'FIRE', occurredAt: '2026-01-10T10:00:00+08:00' } },
    },
    field: 'idNumber',
  }),
  (id) => ({
    as: CIVIL,
    body: {
      query: `mutation($i: DiscoveryInput!) { fileDiscovery(input: $i) { id } }`,
      variables: {
        i: {
          idNumber: id,
          method: 'VISIT',
          category: 'MAY_QUALIFY_NOT_APPLIED',
          suspectedAssistance: ['DIBAO'],
        },
      },
    },
    field: 'idNumber',
  }),
  (id) => ({
    as: CIVIL,
    body: {
      query: `mutation($i: ReferralInput!) { createReferral(input: $i) { id } }`,
      variables: { i: { idNumber: id, programId: 'DISABILITY:care-subsidy', reason: '申请补贴' } },
    },
    field: 'idNumber',
  }),
  (id) => ({
    as: HEALTH,
    body: {
      query: `mutation($i: MedicalInput!) { recordMedical(input: $i) { idNumber } }`,
      variables: {
        i: { idNumber: id, insuranceType: 'RESIDENT', majorIllness: true, outOfPocketLast12Months: 100 },
      },
    },
    field: 'idNumber',
  }),
  (id) => ({
    as: DISABILITY,
    body: {
      query: `mutation($i: DisabilityInput!) { recordDisability(input: $i) { grade } }`,
      variables: { i: { idNumber: id, certificateNumber: `${id}42`, category: 'PHYSICAL', grade: 2 } },
    },
    field: 'idNumber',
  }),
  (id) => ({
    as: CIVIL,
    body: { query: `query($id: String!) { subjectByIdNumber(idNumber: $id) { id } }`, variables: { id } },
    field: 'idNumber',
  }),
];

// ---- one field of an otherwise valid input broken ----
const BAD_DATES = [
  '2026-13-01',
  '2026-02-30',
  '2025-04-31',
  'next tuesday',
  '',
  '2026-1-1',
  '20260101',
  '2026-00-10',
];
const BAD_DATE_TIMES = [
  '2026-13-01T10:00:00+08:00',
  '2026-02-30T10:00:00+08:00',
  '2025-04-31T10:00:00Z',
  '2026-01-10T25:00:00+08:00',
  '2026-01-10T10:61:00Z',
  '2026-01-10 10:00',
  'yesterday evening',
  '2099-01-01T00:00:00Z',
];
const BAD_REGIONS = ['330381999999', '990000', '33038', '3303811010091', '33ab81', 'ZJ', '', '３３０３８１'];
const CONTROL = ['\u0000', '\u0007', '\u001b[31m', '\u0008'];

/** A subject someone may register: with `override` changing one thing, it must be refused whole. */
const subject = (seed: number, override: (s: any) => void) => {
  const s: any = buildSubject(rng(seed), VILLAGE, {
    assistance: [{ category: 'DIBAO', status: 'ACTIVE', since: '2024-01-01', until: null }],
  });
  override(s);
  return s;
};
const register = (i: unknown, field?: string, codes?: string[]): Omit<BadInput, 'label'> => ({
  as: CIVIL,
  body: { query: `mutation($i: SubjectInput!) { registerSubject(input: $i) { id } }`, variables: { i } },
  field,
  codes,
});

function badFields(known: string): fc.Arbitrary<BadInput> {
  const seed = fc.integer({ min: 1, max: 1_000_000 });
  const pick = <T>(items: T[]) => fc.constantFrom(...items);
  const cases: Array<fc.Arbitrary<BadInput>> = [
    fc.tuple(seed, pick(BAD_DATES)).map(([n, d]) => ({
      label: `assistance since ${JSON.stringify(d)}`,
      ...register(
        subject(n, (s) => (s.assistance[0].since = d)),
        'assistance[0].since',
      ),
    })),
    fc.tuple(seed, pick(BAD_DATES)).map(([n, d]) => ({
      label: `assistance until ${JSON.stringify(d)}`,
      ...register(
        subject(n, (s) => Object.assign(s.assistance[0], { status: 'ENDED', until: d })),
        'assistance[0].until',
      ),
    })),
    fc.tuple(seed, pick(BAD_REGIONS), fc.boolean()).map(([n, code, residence]) => {
      const field = residence ? 'residenceRegionCode' : 'registeredRegionCode';
      return {
        label: `${field} ${JSON.stringify(code)}`,
        ...register(
          subject(n, (s) => (s[field] = code)),
          field,
        ),
      };
    }),
    fc.tuple(seed, pick([-1, 0, 51, 1e9, 2.5])).map(([n, size]) => ({
      label: `household size ${size}`,
      ...register(
        subject(n, (s) => (s.household.size = size)),
        Number.isInteger(size) ? 'household.size' : undefined,
      ),
    })),
    fc
      .tuple(seed, pick([-5, -0.01, 1e10, Number.MAX_VALUE, 'NaN', 'Infinity', '1e400', 'abc']))
      .map(([n, income]) => ({
        label: `income ${String(income)}`,
        ...register(
          subject(n, (s) => (s.household.monthlyIncomePerCapita = income)),
          typeof income === 'number' && Number.isFinite(income)
            ? 'household.monthlyIncomePerCapita'
            : undefined,
        ),
      })),
    fc.tuple(seed, pick(['maritalStatus', 'registrationType', 'employment'])).map(([n, field]) => ({
      label: `unknown ${field}`,
      ...register(subject(n, (s) => (s[field] = 'SPACE_PIRATE'))),
    })),
    fc.tuple(seed, pick(CONTROL), fc.nat(3)).map(([n, c, at]) => ({
      label: `name with ${JSON.stringify(c)}`,
      ...register(
        subject(n, (s) => (s.name = s.name.slice(0, at) + c + s.name.slice(at))),
        'name',
      ),
    })),
    fc.tuple(seed, pick([' ', '', 'x'.repeat(51)])).map(([n, name]) => ({
      label: `name of ${name.length} characters`,
      ...register(
        subject(n, (s) => (s.name = name)),
        'name',
      ),
    })),
    fc.tuple(seed, pick(['name', 'phone', 'household.propertyNote'])).map(([n, field]) => ({
      label: `1 MB ${field}`,
      ...register(
        subject(n, (s) =>
          field === 'household.propertyNote' ? (s.household.propertyNote = MEGABYTE) : (s[field] = MEGABYTE),
        ),
        undefined,
        ['PAYLOAD_TOO_LARGE'],
      ),
    })),
    pick(BAD_DATE_TIMES).map((d) => ({
      label: `urgent case occurredAt ${JSON.stringify(d)}`,
      as: CIVIL,
      body: {
        query: `mutation($i: UrgentCaseInput!) { reportUrgentCase(input: $i) { id } }`,
        variables: { i: { idNumber: known, kind: 'FIRE', occurredAt: d } },
      },
      field: 'occurredAt',
    })),
    pick(['EARTHQUAKE_ON_MARS', 'fire', '']).map((kind) => ({
      label: `urgent case kind ${JSON.stringify(kind)}`,
      as: CIVIL,
      body: {
        query: `mutation($i: UrgentCaseInput!) { reportUrgentCase(input: $i) { id } }`,
        variables: { i: { idNumber: known, kind, occurredAt: '2026-01-10T10:00:00+08:00' } },
      },
    })),
    pick(['GUESSWORK', 'visit']).map((method) => ({
      label: `discovery method ${method}`,
      as: CIVIL,
      body: {
        query: `mutation { fileDiscovery(input: { idNumber: "${known}", method: ${method}, category: MAY_QUALIFY_NOT_APPLIED, suspectedAssistance: [DIBAO] }) { id } }`,
      },
      codes: ['GRAPHQL_VALIDATION_FAILED'],
    })),
    pick(CONTROL).map((c) => ({
      label: `discovery note with ${JSON.stringify(c)}`,
      as: CIVIL,
      body: {
        query: `mutation($i: DiscoveryInput!) { fileDiscovery(input: $i) { id } }`,
        variables: {
          i: {
            idNumber: known,
            method: 'VISIT',
            category: 'MAY_QUALIFY_NOT_APPLIED',
            suspectedAssistance: ['DIBAO'],
            note: `邻居反映${c}生活困难`,
          },
        },
      },
      field: 'note',
    })),
    fc.constantFrom(...CONTROL, MEGABYTE, ' ').map((text) => ({
      label: `referral reason ${text.length > 10 ? '1 MB' : JSON.stringify(text)}`,
      as: CIVIL,
      body: {
        query: `mutation($i: ReferralInput!) { createReferral(input: $i) { id } }`,
        variables: {
          i: {
            idNumber: known,
            programId: 'DISABILITY:care-subsidy',
            reason: text.length > 10 || text === ' ' ? text : `申请${text}`,
          },
        },
      },
      field: text.length > 10 ? undefined : 'reason',
      codes: text.length > 10 ? ['PAYLOAD_TOO_LARGE'] : undefined,
    })),
    pick([-5, -0.01, 1e12, 'NaN', '100元']).map((yuan) => ({
      label: `medical out of pocket ${String(yuan)}`,
      as: HEALTH,
      body: {
        query: `mutation($i: MedicalInput!) { recordMedical(input: $i) { idNumber } }`,
        variables: {
          i: {
            idNumber: known,
            insuranceType: 'RESIDENT',
            majorIllness: true,
            outOfPocketLast12Months: yuan,
          },
        },
      },
      field: typeof yuan === 'number' ? 'outOfPocketLast12Months' : undefined,
    })),
    pick(['PLATINUM', 'resident']).map((insuranceType) => ({
      label: `medical insurance ${insuranceType}`,
      as: HEALTH,
      body: {
        query: `mutation($i: MedicalInput!) { recordMedical(input: $i) { idNumber } }`,
        variables: { i: { idNumber: known, insuranceType, majorIllness: true, outOfPocketLast12Months: 1 } },
      },
    })),
    pick(CONTROL).map((c) => ({
      label: `medical diagnosis with ${JSON.stringify(c)}`,
      as: HEALTH,
      body: {
        query: `mutation($i: MedicalInput!) { recordMedical(input: $i) { idNumber } }`,
        variables: {
          i: {
            idNumber: known,
            insuranceType: 'RESIDENT',
            majorIllness: true,
            outOfPocketLast12Months: 1,
            diagnosis: `肺${c}癌`,
          },
        },
      },
      field: 'diagnosis',
    })),
    pick([0, 5, -1, 1e9]).map((grade) => ({
      label: `disability grade ${grade}`,
      as: DISABILITY,
      body: {
        query: `mutation($i: DisabilityInput!) { recordDisability(input: $i) { grade } }`,
        variables: { i: { idNumber: known, certificateNumber: `${known}42`, category: 'PHYSICAL', grade } },
      },
      field: 'grade',
    })),
    pick(BAD_DATES).map((issuedAt) => ({
      label: `disability issuedAt ${JSON.stringify(issuedAt)}`,
      as: DISABILITY,
      body: {
        query: `mutation($i: DisabilityInput!) { recordDisability(input: $i) { grade } }`,
        variables: {
          i: { idNumber: known, certificateNumber: `${known}42`, category: 'PHYSICAL', grade: 2, issuedAt },
        },
      },
      field: 'issuedAt',
    })),
    fc.tuple(pick(BAD_REGIONS), pick(['overdueVisits', 'dueVisits'])).map(([regionCode, q]) => ({
      label: `${q} regionCode ${JSON.stringify(regionCode)}`,
      as: CIVIL,
      body: {
        query: `query($r: String!, $d: String!) { ${q}(regionCode: $r, ${q === 'dueVisits' ? 'until' : 'asOf'}: $d) { dueAt } }`,
        variables: { r: regionCode, d: '2026-06-01' },
      },
      field: 'regionCode',
    })),
    fc.tuple(pick(BAD_DATES), pick(['overdueVisits', 'dueVisits'])).map(([day, q]) => {
      const field = q === 'dueVisits' ? 'until' : 'asOf';
      return {
        label: `${q} ${field} ${JSON.stringify(day)}`,
        as: CIVIL,
        body: {
          query: `query($r: String!, $d: String!) { ${q}(regionCode: $r, ${field}: $d) { dueAt } }`,
          variables: { r: '330381', d: day },
        },
        field,
      };
    }),
  ];
  return fc.oneof(...cases);
}

// ---- documents and bodies ----
const nested = (depth: number) =>
  `{ subjectByIdNumber(idNumber: "1") { ${'household { '.repeat(depth)}size${' }'.repeat(depth)} } }`;
const badDocuments: fc.Arbitrary<BadInput> = fc.oneof(
  fc.integer({ min: 20, max: 400 }).map((depth) => ({
    label: `selection ${depth} deep`,
    as: CIVIL,
    body: { query: nested(depth) },
  })),
  fc.integer({ min: 2_000, max: 20_000 }).map((n) => ({
    label: `${n} aliases`,
    as: CIVIL,
    body: { query: `{ ${Array.from({ length: n }, (_, i) => `a${i}: __typename`).join(' ')} }` },
  })),
  fc.integer({ min: 300, max: 3_000 }).map((n) => ({
    label: `${n} nested list values`,
    as: CIVIL,
    body: { query: `{ subjectsByIdNumbers(idNumbers: ${'['.repeat(n)}"1"${']'.repeat(n)}) { id } }` },
  })),
  fc.string({ maxLength: 40 }).map((junk) => ({
    label: `unparseable document`,
    as: CIVIL,
    body: { query: `mutation { registerSubject(input: { ${junk}` },
    codes: ['GRAPHQL_PARSE_FAILED'],
  })),
  fc
    .constantFrom(
      '{',
      '{"query": "{ __typename }"',
      'null',
      '[]',
      '"text"',
      '{"query": 42}',
      '{"variables": {}}',
      "{'query': '{}'}",
      '\u0000',
    )
    .map((body) => ({
      label: `body ${JSON.stringify(body)}`,
      as: CIVIL,
      body,
      codes: ['BAD_REQUEST'],
    })),
  fc.constantFrom(1.1, 4).map((mb) => ({
    label: `${mb} MB document`,
    as: CIVIL,
    body: { query: `{ __typename ${'#'.repeat(mb * 1024 * 1024)} }` },
    codes: ['PAYLOAD_TOO_LARGE'],
  })),
);

describe('1,000 bad inputs through the gateway', () => {
  let system: TestSystem;
  const tokens = new Map<Department, string>();
  const known = buildSubject(rng(14), VILLAGE, {
    assistance: [{ category: 'DIBAO', status: 'ACTIVE', since: '2024-01-01', until: null }],
  });
  const problems: string[] = [];
  const sent: Array<{ label: string; status: number; code: string; field?: string }> = [];

  /** Rows and contents of every table but the audit log (reads are audited), per department. */
  const snapshot = async () => {
    const out: Record<string, string> = {};
    for (const { department } of DEPARTMENTS) {
      const db = system.subgraphs[department].database.dataSource;
      const tables: Array<{ name: string }> = await db.query(
        `select table_name as name from information_schema.tables
          where table_schema = 'public' and table_type = 'BASE TABLE' and table_name <> 'audit_log' order by 1`,
      );
      for (const { name } of tables) {
        const [row] = await db.query(
          `select count(*)::int as n, md5(coalesce(string_agg(t::text, '|' order by t::text), '')) as h from "${name}" t`,
        );
        out[`${department}.${name}`] = `${row.n} ${row.h}`;
      }
    }
    return out;
  };

  const send = async (input: BadInput) => {
    const bearer = tokens.get(input.as.department)!;
    const res = await fetch(system.gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${bearer}` },
      body: typeof input.body === 'string' ? input.body : JSON.stringify(input.body),
    });
    const text = await res.text();
    let json: any;
    try {
      json = JSON.parse(text);
    } catch {
      json = null;
    }
    const error = json?.errors?.[0];
    const code: string = error?.extensions?.code ?? `none (${text.slice(0, 80)})`;
    sent.push({ label: input.label, status: res.status, code, field: error?.extensions?.field });
    const where = `${input.label} → ${res.status} ${code} ${JSON.stringify(error?.message ?? '')?.slice(0, 200)}`;
    const fault = (what: string) => problems.push(`${what}: ${where}`);
    if (res.status >= 500) fault('5xx');
    if (!TYPED.has(code)) fault('untyped');
    else if (input.codes && !input.codes.includes(code)) fault(`not ${input.codes.join('/')}`);
    for (const e of json?.errors ?? []) if (LEAKS.test(e.message ?? '')) fault('leak');
    if (/stacktrace|\n\s+at /.test(text)) fault('stack trace');
    if (json?.data && Object.values(json.data).some((v) => v != null)) fault('answered');
    // every bad input names its field, variables the gateway refuses before any subgraph included
    if (code === 'BAD_USER_INPUT' && !error?.extensions?.field) fault('BAD_USER_INPUT naming no field');
    if (input.field && code === 'BAD_USER_INPUT') {
      const field = String(error.extensions.field);
      if (field !== input.field && !field.endsWith(`.${input.field}`))
        fault(`field ${field} not ${input.field}`);
    }
  };

  beforeAll(async () => {
    system = await startSystem({ env: { OUTBOX_INTERVAL_MS: '3600000' } });
    for (const d of [CIVIL, HEALTH, DISABILITY])
      tokens.set(d.department, await token(d.department, d.role, d.region ?? null));
    await system.write(Department.CIVIL_AFFAIRS, 'registerSubject', 'SubjectInput', known);
  });
  afterAll(() => system?.close());

  it('refuses each with a typed error, no 5xx, no stack or SQL, and writes nothing', async () => {
    const before = await snapshot();
    const idInput = fc
      .tuple(badIdNumber, fc.nat(ID_OPERATIONS.length - 1))
      .map(([[kind, id], op]): BadInput => ({
        label: `idNumber (${kind}) ${JSON.stringify(id)} #${op}`,
        ...ID_OPERATIONS[op](id, known.idNumber),
      }));
    const batches: BadInput[] = [
      ...fc.sample(idInput, { numRuns: RUNS.ids, seed: 14 }),
      ...fc.sample(badFields(known.idNumber), { numRuns: RUNS.fields, seed: 15 }),
      ...fc.sample(badDocuments, { numRuns: RUNS.documents, seed: 16 }),
    ];
    expect(batches).toHaveLength(1000);
    for (let i = 0; i < batches.length; i += 8) await Promise.all(batches.slice(i, i + 8).map(send));
    const after = await snapshot();
    const written = Object.keys(after).filter((t) => after[t] !== before[t]);

    const byCode: Record<string, number> = {};
    for (const s of sent) byCode[s.code] = (byCode[s.code] ?? 0) + 1;
    const fiveHundreds = sent.filter((s) => s.status >= 500).length;
    const named = sent.filter((s) => s.code === 'BAD_USER_INPUT' && s.field).length;
    console.log(
      `fuzz: ${sent.length} bad inputs sent; by code ${JSON.stringify(byCode)} (${named} BAD_USER_INPUT naming a field); 5xx ${fiveHundreds}; tables written ${written.length}`,
    );
    expect(problems).toEqual([]);
    expect(written).toEqual([]);
  });
});
