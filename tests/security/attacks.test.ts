/**
 * The attacks of issue 10, tried as an attacker would against the whole system (five subgraphs and
 * the gateway, real HTTP): forged and edited tokens, a valid token sent straight to a subgraph port,
 * internal operations with a person's token, reads and writes across regions through every
 * subject-returning field, and the registration takeover. Each is refused with the right code and
 * writes nothing.
 */
import { SignJWT } from 'jose';
import { Role, ServiceCredential, signCitizenToken, signToken } from '../../shared/auth';
import { DEPARTMENTS, Department } from '../../shared/departments';
import { signGatewayRequest } from '../../shared/internal-auth';
import { buildSubject, fuzhouFindings, rng, villagesUnder } from '../fixtures/factories';
import { AUTH, GraphQLResponse, TestSystem, post, startSystem, token } from '../helpers/system';

const RUIAN_VILLAGE = '330381101009';
const QIANJIANG_VILLAGE = '500114001001';
const REGISTER = `mutation($i: SubjectInput!) { registerSubject(input: $i) { id name phone region { code } } }`;
const MEDICAL = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Subject { medical { majorIllness outOfPocketLast12Months insuranceType } } } }`;

/** POST with any Authorization header at all (or none). */
async function raw(url: string, body: unknown, authorization?: string): Promise<GraphQLResponse> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, ...((await res.json()) as object) };
}

const code = (r: GraphQLResponse) => r.errors?.[0]?.extensions?.code;

describe('attacks on identity and on the subgraphs (security)', () => {
  let system: TestSystem;
  const r = rng(1010);
  const person = buildSubject(r, RUIAN_VILLAGE, { phone: '13900001111' });
  const LOOKUP = { query: `{ subjectByIdNumber(idNumber: "${person.idNumber}") { name } }` };

  beforeAll(async () => {
    system = await startSystem();
    expect((await system.as(Department.CIVIL_AFFAIRS)(REGISTER, { i: person })).errors).toBeUndefined();
    const medical = await system.as(Department.HEALTH)(
      `mutation($i: MedicalInput!) { recordMedical(input: $i) { majorIllness } }`,
      {
        i: {
          idNumber: person.idNumber,
          insuranceType: 'RESIDENT',
          majorIllness: true,
          diagnosis: '尿毒症',
          outOfPocketLast12Months: 42000,
        },
      },
    );
    expect(medical.errors).toBeUndefined();
  });
  afterAll(() => system?.close());

  describe('tokens at the gateway', () => {
    const claims = () => ({
      department: 'CIVIL_AFFAIRS',
      role: 'ADMIN',
      region: null,
      iss: AUTH.JWT_ISSUER,
      aud: AUTH.JWT_AUDIENCE,
      iat: Math.floor(Date.now() / 1000),
      exp: Math.floor(Date.now() / 1000) + 600,
    });
    const sign = (c: Record<string, unknown>, key = AUTH.JWT_SECRET!) =>
      new SignJWT(c)
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject('mallory')
        .sign(new TextEncoder().encode(key));
    const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');

    it.each([
      ['no token', async () => undefined],
      ['a forged signature', async () => `Bearer ${await sign(claims(), 'k'.repeat(48))}`],
      [
        'edited claims',
        async () => {
          const [h, , s] = (await token(Department.CHARITY, Role.DASHBOARD, '500114')).split('.');
          return `Bearer ${h}.${b64({ ...claims(), sub: 'x' })}.${s}`;
        },
      ],
      ['alg: none', async () => `Bearer ${b64({ alg: 'none' })}.${b64({ ...claims(), sub: 'x' })}.`],
      ['an expired token', async () => `Bearer ${await sign({ ...claims(), exp: 1_700_000_000 })}`],
      [
        'a token without exp',
        async () => {
          const c: Record<string, unknown> = claims();
          delete c.exp;
          return `Bearer ${await sign(c)}`;
        },
      ],
      [
        'a token for another audience',
        async () => `Bearer ${await sign({ ...claims(), aud: 'another-app' })}`,
      ],
    ])('refuses %s with UNAUTHENTICATED (HTTP 401)', async (_what, header) => {
      const answer = await raw(system.gatewayUrl, LOOKUP, await header());
      expect(answer.status).toBe(401);
      expect(code(answer)).toBe('UNAUTHENTICATED');
      expect(answer.data ?? null).toBeNull();
    });
  });

  describe('a subgraph port reached directly', () => {
    it.each(DEPARTMENTS.map((d) => d.department))(
      'refuses a valid user token at %s for _entities, _service and introspection',
      async (department) => {
        const url = system.subgraphs[department].url;
        const bearer = `Bearer ${await token(Department.CHARITY, Role.DASHBOARD, '500114')}`;
        for (const body of [
          { query: MEDICAL, variables: { r: [{ __typename: 'Subject', idNumber: person.idNumber }] } },
          { query: '{ _service { sdl } }' },
          { query: '{ __schema { types { name } } }' },
        ]) {
          const answer = await raw(url, body, bearer);
          expect({ department, status: answer.status, code: code(answer) }).toEqual({
            department,
            status: 401,
            code: 'UNAUTHENTICATED',
          });
          expect(answer.data ?? null).toBeNull();
        }
      },
    );

    it("refuses the gateway's signature over another body (a replayed header)", async () => {
      const signed = JSON.stringify({ query: '{ __typename }' });
      const header = await signGatewayRequest(
        { identity: { user: 'w', department: Department.CIVIL_AFFAIRS, role: Role.ADMIN, region: null } },
        'health',
        signed,
        AUTH,
      );
      const other = {
        query: MEDICAL,
        variables: { r: [{ __typename: 'Subject', idNumber: person.idNumber }] },
      };
      const answer = await raw(system.subgraphs.HEALTH.url, other, header);
      expect(answer.status).toBe(401);
      expect(code(answer)).toBe('UNAUTHENTICATED');
    });

    it("refuses the gateway's signature made for one subgraph at another", async () => {
      const body = JSON.stringify({ query: '{ __typename }' });
      const header = await signGatewayRequest(
        { identity: { user: 'w', department: Department.HEALTH, role: Role.ADMIN, region: null } },
        'health',
        body,
        AUTH,
      );
      expect((await raw(system.subgraphs.DISABILITY.url, body, header)).status).toBe(401);
      expect((await raw(system.subgraphs.HEALTH.url, body, header)).status).toBe(200);
    });
  });

  describe('internal operations', () => {
    const FACTS = `mutation { recordPartnerFacts(department: HEALTH, idNumber: "${'x'}", facts: {}, asOf: "2026-01-01T00:00:00Z") }`;

    it('are not in the gateway’s schema at all', async () => {
      for (const query of [
        `mutation { recordPartnerFacts(department: HEALTH, idNumber: "${person.idNumber}", facts: {}, asOf: "2026-01-01T00:00:00Z") }`,
        `mutation { recordPartnerFactsBatch(department: HEALTH, entries: [{ idNumber: "${person.idNumber}", facts: {}, asOf: "2026-01-01T00:00:00Z" }]) }`,
        `mutation { reportHealthChange(idNumber: "${person.idNumber}", majorIllness: true) { id } }`,
        `mutation { recordProgramEnrollment(idNumber: "${person.idNumber}", programId: "x", since: "2026-01-01") }`,
        `{ eventLog { cursor } }`,
      ]) {
        const answer = await system.as(Department.CIVIL_AFFAIRS)(query);
        expect({ query, code: code(answer) }).toEqual({ query, code: 'GRAPHQL_VALIDATION_FAILED' });
      }
    });

    it("never open to a person's identity, even one the gateway signed (an ADMIN for the whole country)", async () => {
      const admin = {
        identity: { user: 'root', department: Department.CIVIL_AFFAIRS, role: Role.ADMIN, region: null },
      };
      const cases: Array<[Department, string]> = [
        [Department.CIVIL_AFFAIRS, FACTS.replace('"x"', `"${person.idNumber}"`)],
        [
          Department.CIVIL_AFFAIRS,
          `mutation { recordPartnerFactsBatch(department: HEALTH, entries: [{ idNumber: "${person.idNumber}", facts: {}, asOf: "2026-01-01T00:00:00Z" }]) }`,
        ],
        [Department.CIVIL_AFFAIRS, `{ eventLog { cursor } }`],
        [
          Department.CIVIL_AFFAIRS,
          `mutation { reportHealthChange(idNumber: "${person.idNumber}", majorIllness: true) { id } }`,
        ],
        [Department.HEALTH, `{ partnerFacts(idNumbers: ["${person.idNumber}"]) }`],
        [
          Department.HEALTH,
          `mutation { recordProgramEnrollment(idNumber: "${person.idNumber}", programId: "x", since: "2026-01-01") }`,
        ],
      ];
      for (const [department, query] of cases) {
        const body = JSON.stringify({ query });
        const subgraph = DEPARTMENTS.find((d) => d.department === department)!.subgraph;
        const header = await signGatewayRequest(admin, subgraph, body, AUTH);
        const answer = await raw(system.subgraphs[department].url, body, header);
        expect({ query, code: code(answer) }).toEqual({ query, code: 'FORBIDDEN' });
        expect(answer.errors![0].message).toMatch(/internal: no person's token opens it/);
      }
    });

    it("open only the operations named for a service's own credential", async () => {
      const health = new ServiceCredential(AUTH, Department.HEALTH, 'partner');
      const answer = await raw(
        system.subgraphs.CIVIL_AFFAIRS.url,
        { query: REGISTER, variables: { i: buildSubject(r, RUIAN_VILLAGE) } },
        await health.authorization(),
      );
      expect(code(answer)).toBe('FORBIDDEN');
      expect(answer.errors![0].message).toMatch(/not open to HEALTH's service credential/);
    });
  });

  describe('reads and writes across regions', () => {
    const qianjiang = (role = Role.STAFF, department = Department.CIVIL_AFFAIRS) =>
      system.as(department, role, '500114');
    const ruian = (role = Role.STAFF, department = Department.CIVIL_AFFAIRS) =>
      system.as(department, role, '330381');
    let visitId: string;
    let caseId: string;
    let referralId: string;

    beforeAll(async () => {
      const visit = await ruian()(`mutation($id: String!) { startVisit(idNumber: $id) { id } }`, {
        id: person.idNumber,
      });
      visitId = visit.data.startVisit.id;
      const urgent = await ruian()(`mutation($i: UrgentCaseInput!) { reportUrgentCase(input: $i) { id } }`, {
        i: {
          idNumber: person.idNumber,
          kind: 'SUDDEN_ILLNESS',
          description: '突发疾病',
          occurredAt: new Date().toISOString(),
        },
      });
      expect(urgent.errors).toBeUndefined();
      caseId = urgent.data.reportUrgentCase.id;
      const referral = await ruian()(`mutation($i: ReferralInput!) { createReferral(input: $i) { id } }`, {
        i: { idNumber: person.idNumber, programId: 'HEALTH:medical-assistance', reason: '大病' },
      });
      expect(referral.errors).toBeUndefined();
      referralId = referral.data.createReferral.id;
    });

    it('answers every single-subject read outside the region exactly as for an unknown key', async () => {
      const reads: Array<[string, object]> = [
        [`query($id: String!) { subjectByIdNumber(idNumber: $id) { name } }`, { id: person.idNumber }],
        [
          `query($ids: [String!]!) { subjectsByIdNumbers(idNumbers: $ids) { name } }`,
          { ids: [person.idNumber] },
        ],
        [`query($id: ID!) { visit(id: $id) { id } }`, { id: visitId }],
        [`query($id: ID!) { urgentCase(id: $id) { id } }`, { id: caseId }],
        [`query($id: ID!) { referral(id: $id) { id } }`, { id: referralId }],
      ];
      for (const [query, variables] of reads) {
        const answer = await qianjiang(Role.ADMIN)(query, variables);
        expect({ query, errors: answer.errors, data: Object.values(answer.data)[0] }).toEqual({
          query,
          errors: undefined,
          data: Array.isArray(Object.values(answer.data)[0]) ? [null] : null,
        });
      }
    });

    it('refuses every list of another region with FORBIDDEN', async () => {
      const lists = [
        `{ discoveries(regionCode: "330381") { id } }`,
        `{ observationList(regionCode: "330381") { id } }`,
        `{ coordinatorGaps(regionCode: "330381") { villageCode } }`,
        `{ earlyWarnings(regionCode: "330381") { id } }`,
        `{ overdueVisits(regionCode: "330381") { dueAt } }`,
        `{ dueVisits(regionCode: "330381", until: "2027-01-01") { dueAt } }`,
        `{ changeDeadlines(regionCode: "330381") { id } }`,
        `{ dashboardCounters(regionCode: "330381") { openUrgentCases } }`,
        `{ regionPolicy(regionCode: "330381") { regionCode } }`,
        `{ charityResourcesFor(regionCode: "330381101009", needs: ["CARE"]) { matchingTags } }`,
      ];
      for (const query of lists) {
        const answer = await qianjiang(Role.ADMIN)(query);
        expect({ query, code: code(answer) }).toEqual({ query, code: 'FORBIDDEN' });
      }
    });

    it('refuses every write about a person of another region as NOT_FOUND, and writes nothing', async () => {
      const before = await ruian(Role.ADMIN)(
        `query($id: String!) { subjectByIdNumber(idNumber: $id) { phone economicDataConsent } }`,
        { id: person.idNumber },
      );
      const writes: Array<[Department, string, object]> = [
        [
          Department.CIVIL_AFFAIRS,
          `mutation($id: String!) { startVisit(idNumber: $id) { id } }`,
          { id: person.idNumber },
        ],
        [
          Department.CIVIL_AFFAIRS,
          `mutation($id: ID!, $i: VisitFindingsInput!) { endVisit(id: $id, input: $i) { id } }`,
          { id: visitId, i: { endedAt: new Date().toISOString(), findings: [] } },
        ],
        [
          Department.CIVIL_AFFAIRS,
          `mutation($id: String!) { recordConsent(idNumber: $id, reference: "x", signedOn: "2026-11-01") { id } }`,
          { id: person.idNumber },
        ],
        [
          Department.CIVIL_AFFAIRS,
          `mutation($i: UrgentCaseInput!) { reportUrgentCase(input: $i) { id } }`,
          {
            i: {
              idNumber: person.idNumber,
              kind: 'SUDDEN_ILLNESS',
              description: 'x',
              occurredAt: new Date().toISOString(),
            },
          },
        ],
        [
          Department.CIVIL_AFFAIRS,
          `mutation($i: ReferralInput!) { createReferral(input: $i) { id } }`,
          { i: { idNumber: person.idNumber, programId: 'HEALTH:medical-assistance', reason: 'x' } },
        ],
        [Department.HEALTH, `mutation($id: ID!) { acceptReferral(id: $id) { id } }`, { id: referralId }],
        [
          Department.HEALTH,
          `mutation($i: MedicalInput!) { recordMedical(input: $i) { majorIllness } }`,
          {
            i: {
              idNumber: person.idNumber,
              insuranceType: 'RESIDENT',
              majorIllness: false,
              outOfPocketLast12Months: 0,
            },
          },
        ],
        [
          Department.DISABILITY,
          `mutation($i: DisabilityInput!) { recordDisability(input: $i) { grade } }`,
          {
            i: {
              idNumber: person.idNumber,
              certificateNumber: `${person.idNumber}11`,
              category: 'VISUAL',
              grade: 1,
            },
          },
        ],
      ];
      for (const [department, query, variables] of writes) {
        const answer = await qianjiang(Role.STAFF, department)(query, variables);
        expect({ query, code: code(answer), field: answer.errors?.[0]?.extensions?.field }).toMatchObject({
          query,
          code: 'NOT_FOUND',
        });
      }
      const moved = await qianjiang(Role.ADMIN)(
        `mutation($id: String!) { moveSubject(idNumber: $id, registeredRegionCode: "${QIANJIANG_VILLAGE}", reason: "x") { id } }`,
        { id: person.idNumber },
      );
      expect(code(moved)).toBe('NOT_FOUND');
      const after = await ruian(Role.ADMIN)(
        `query($id: String!) { subjectByIdNumber(idNumber: $id) { phone economicDataConsent } }`,
        { id: person.idNumber },
      );
      expect(after.data).toEqual(before.data);
      const medical = await ruian(Role.STAFF, Department.HEALTH)(
        `query($id: String!) { subjectByIdNumber(idNumber: $id) { medical { majorIllness } disability { grade } } }`,
        { id: person.idNumber },
      );
      expect(medical.data.subjectByIdNumber).toEqual({ medical: { majorIllness: true }, disability: null });
    });

    it('refuses the registration takeover: another township cannot rename, move or read a person by registering them', async () => {
      const takeover = await qianjiang()(REGISTER, {
        i: {
          ...person,
          name: '冒名',
          phone: '13000000000',
          registeredRegionCode: QIANJIANG_VILLAGE,
          residenceRegionCode: null,
        },
      });
      expect(code(takeover)).toBe('FORBIDDEN');
      expect(takeover.data).toBeNull();
      const kept = await ruian()(
        `query($id: String!) { subjectByIdNumber(idNumber: $id) { name phone region { code } household { monthlyIncomePerCapita } } }`,
        { id: person.idNumber },
      );
      expect(kept.data.subjectByIdNumber).toEqual({
        name: person.name,
        phone: '13900001111',
        region: { code: RUIAN_VILLAGE },
        household: { monthlyIncomePerCapita: person.household!.monthlyIncomePerCapita },
      });
    });

    it('moves a person only by an ADMIN of their region; the old region then sees the records withheld', async () => {
      // Fuzhou: a change found on a visit is due to be reported (a list by the visit's township)
      const gulou = (role = Role.STAFF) => system.as(Department.CIVIL_AFFAIRS, role, '350102');
      const village = villagesUnder('350102')[0];
      const mover = buildSubject(r, village);
      await gulou(Role.ADMIN)(REGISTER, { i: mover });
      const filed = await gulou()(`mutation($i: DiscoveryInput!) { fileDiscovery(input: $i) { id } }`, {
        i: {
          idNumber: mover.idNumber,
          method: 'VISIT',
          category: 'OTHER_ATTENTION',
          householdSituation: '独居',
          suspectedAssistance: ['DIBAO'],
        },
      });
      expect(filed.errors).toBeUndefined();
      const started = await gulou()(`mutation($id: String!) { startVisit(idNumber: $id) { id } }`, {
        id: mover.idNumber,
      });
      const ended = await gulou()(
        `mutation($id: ID!, $i: VisitFindingsInput!) { endVisit(id: $id, input: $i) { id } }`,
        {
          id: started.data.startVisit.id,
          i: {
            endedAt: new Date().toISOString(),
            // Fuzhou refuses a patrol that leaves out one of its six aspects
            findings: fuzhouFindings({ family: '收入下降' }),
            changes: ['INCOME'],
          },
        },
      );
      expect(ended.errors).toBeUndefined();
      // a registration cannot move a person, even within the registrar's own region
      const byRegistration = await gulou(Role.ADMIN)(REGISTER, {
        i: { ...mover, registeredRegionCode: villagesUnder('350102')[1], residenceRegionCode: null },
      });
      expect(code(byRegistration)).toBe('CONFLICT');
      const move = `mutation($id: String!) { moveSubject(idNumber: $id, registeredRegionCode: "${QIANJIANG_VILLAGE}", reason: "迁居重庆") { region { code } } }`;
      expect(code(await gulou(Role.STAFF)(move, { id: mover.idNumber }))).toBe('FORBIDDEN');
      const moved = await gulou(Role.ADMIN)(move, { id: mover.idNumber });
      expect(moved.errors).toBeUndefined();
      expect(moved.data.moveSubject.region.code).toBe(QIANJIANG_VILLAGE);

      // the township still owes the change report, but no longer sees the person
      const deadlines = await gulou()(`{ changeDeadlines(regionCode: "350102") { id subject { name } } }`);
      const index = deadlines.data.changeDeadlines.findIndex((v: any) => v.id === started.data.startVisit.id);
      expect(deadlines.data.changeDeadlines[index].subject).toBeNull();
      expect(deadlines.errors).toBeUndefined();
      expect(deadlines.extensions!.withheld).toContainEqual({
        path: ['changeDeadlines', index, 'subject'],
        reason: 'OUT_OF_REGION',
      });
      // the lead follows the person: Qianjiang works it now, Gulou may not
      const id = filed.data.fileDiscovery.id;
      const assign = `mutation($id: ID!) { assignDiscovery(id: $id, coordinator: "李主任") { id subject { name } } }`;
      expect(code(await gulou()(assign, { id }))).toBe('NOT_FOUND');
      const assigned = await qianjiang()(assign, { id });
      expect(assigned.data.assignDiscovery).toEqual({ id, subject: { name: mover.name } });
      expect(
        (await qianjiang()(`{ discoveries(regionCode: "500114") { id } }`)).data.discoveries.map(
          (d: any) => d.id,
        ),
      ).toContain(id);
    });
  });

  it('refuses a citizen token everywhere but myAccessLog', async () => {
    const citizen = await signCitizenToken(person.idNumber, AUTH);
    const answer = await post(system.gatewayUrl, LOOKUP.query, {}, citizen);
    expect(code(answer)).toBe('FORBIDDEN');
    expect(answer.data.subjectByIdNumber).toBeNull();
  });

  it('refuses a development token whose user is named like a service for internal work', async () => {
    const named = await signToken(
      { user: 'service:health:partner', department: Department.HEALTH, role: Role.ADMIN, region: null },
      AUTH,
    );
    const answer = await post(
      system.gatewayUrl,
      `mutation($i: SubjectInput!) { registerSubject(input: $i) { id } }`,
      { i: buildSubject(r, RUIAN_VILLAGE) },
      named,
    );
    expect(code(answer)).toBe('FORBIDDEN');
  });
});
