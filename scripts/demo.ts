/**
 * Demo data for `npm start`: a few hundred subjects across the five seed regions, with households,
 * assistance statuses and records in every department, built by the factories and written through
 * the gateway's public mutations (so demo data passes the same checks as real input).
 */
import { Role, signToken } from '../shared/auth';
import type { CommonConfig } from '../shared/config';
import { Department } from '../shared/departments';
import {
  SEED_REGIONS,
  SubjectInputData,
  buildCharityResource,
  buildDisability,
  buildMedical,
  buildSubject,
  buildUnionMember,
  rng,
  villagesUnder,
} from '../tests/fixtures/factories';

export const DEMO_SUBJECTS_PER_REGION = 60;

/** The people of the contract examples, so its variables work against a fresh demo. */
const CONTRACT_PEOPLE: Array<Partial<SubjectInputData> & { idNumber: string; registeredRegionCode: string }> =
  [
    {
      idNumber: '33038119520315432X',
      name: '陈秀英',
      registeredRegionCode: '330381101009',
      residenceRegionCode: '330381101009',
      livingAlone: true,
      dispersedSupport: true,
      household: { size: 1, monthlyIncomePerCapita: 850 },
      assistance: [{ category: 'TEKUN', status: 'ACTIVE', since: '2019-04-01', until: null }],
    },
    {
      idNumber: '330381198805061239',
      name: '林建国',
      registeredRegionCode: '330381101009',
      residenceRegionCode: '330381101009',
      livingAlone: false,
      employment: 'EMPLOYED',
      household: { size: 4, monthlyIncomePerCapita: 1100 },
      assistance: [{ category: 'DIBIAN', status: 'ACTIVE', since: '2025-10-01', until: null }],
    },
  ];

export interface DemoPlan {
  subjects: SubjectInputData[];
  disability: ReturnType<typeof buildDisability>[];
  medical: ReturnType<typeof buildMedical>[];
  union: ReturnType<typeof buildUnionMember>[];
  resources: ReturnType<typeof buildCharityResource>[];
}

export function demoPlan(): DemoPlan {
  const r = rng(20261125);
  const plan: DemoPlan = { subjects: [], disability: [], medical: [], union: [], resources: [] };
  for (const person of CONTRACT_PEOPLE) {
    plan.subjects.push(buildSubject(r, person.registeredRegionCode, person));
  }
  for (const region of SEED_REGIONS) {
    const villages = villagesUnder(region.code, 8);
    for (let i = 0; i < DEMO_SUBJECTS_PER_REGION; i++)
      plan.subjects.push(buildSubject(r, villages[i % villages.length]));
    for (let i = 0; i < 4; i++) plan.resources.push(buildCharityResource(r, region.code, region.name));
  }
  for (const s of plan.subjects.slice(CONTRACT_PEOPLE.length)) {
    const age = 2026 - Number(s.idNumber.slice(6, 10));
    if (r.chance(0.22)) plan.disability.push(buildDisability(r, s.idNumber));
    if (r.chance(0.45)) plan.medical.push(buildMedical(r, s.idNumber));
    if (age >= 18 && age < 60 && r.chance(0.35)) plan.union.push(buildUnionMember(r, s.idNumber));
  }
  return plan;
}

type Progress = (message: string) => void;

class GatewayClient {
  constructor(
    private readonly url: string,
    private readonly token: string,
  ) {}

  async request<T = any>(
    query: string,
    variables: Record<string, unknown> = {},
  ): Promise<{ data: T; errors?: any[] }> {
    const res = await fetch(this.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${this.token}` },
      body: JSON.stringify({ query, variables }),
    });
    return (await res.json()) as { data: T; errors?: any[] };
  }

  /** Sends one aliased mutation per item, `batch` to a request. Errors with `tolerated` codes are skipped. */
  async mutateAll(
    field: string,
    inputType: string,
    selection: string,
    items: unknown[],
    tolerated: string[] = [],
  ) {
    const batch = 25;
    for (let i = 0; i < items.length; i += batch) {
      const chunk = items.slice(i, i + batch);
      const vars = chunk.map((_, j) => `$i${j}: ${inputType}!`).join(', ');
      const fields = chunk.map((_, j) => `m${j}: ${field}(input: $i${j}) { ${selection} }`).join('\n');
      const variables = Object.fromEntries(chunk.map((item, j) => [`i${j}`, item]));
      const { errors } = await this.request(`mutation Demo(${vars}) {\n${fields}\n}`, variables);
      const fatal = (errors ?? []).filter((e) => !tolerated.includes(e.extensions?.code));
      if (fatal.length) throw new Error(`${field}: ${fatal.map((e) => e.message).join('; ')}`);
    }
  }
}

async function tokenFor(department: Department, config: CommonConfig) {
  return signToken({ user: 'demo-loader', department, role: Role.ADMIN, region: null }, config, '1h');
}

/** Loads the demo data unless the registry already holds it. Returns what was written. */
export async function loadDemoData(gatewayUrl: string, config: CommonConfig, progress: Progress) {
  const plan = demoPlan();
  const client = (token: string) => new GatewayClient(gatewayUrl, token);
  const civil = client(await tokenFor(Department.CIVIL_AFFAIRS, config));
  const last = plan.subjects[plan.subjects.length - 1].idNumber;
  const probe = await civil.request(`query($id: String!) { subjectByIdNumber(idNumber: $id) { id } }`, {
    id: last,
  });
  if (probe.errors) throw new Error(`demo data check failed: ${probe.errors[0].message}`);
  if (probe.data.subjectByIdNumber) return null;

  progress(`loading demo data: ${plan.subjects.length} subjects in ${SEED_REGIONS.length} regions …`);
  await civil.mutateAll('registerSubject', 'SubjectInput', 'id', plan.subjects);
  progress(
    `  ${plan.disability.length} disability certificates, ${plan.medical.length} medical records, ${plan.union.length} union members …`,
  );
  await client(await tokenFor(Department.DISABILITY, config)).mutateAll(
    'recordDisability',
    'DisabilityInput',
    'grade',
    plan.disability,
  );
  await client(await tokenFor(Department.HEALTH, config)).mutateAll(
    'recordMedical',
    'MedicalInput',
    'majorIllness',
    plan.medical,
  );
  await client(await tokenFor(Department.TRADE_UNION, config)).mutateAll(
    'recordUnionMember',
    'UnionMemberInput',
    'member',
    plan.union,
  );

  const charity = client(await tokenFor(Department.CHARITY, config));
  const existing = await charity.request(`{ charityResources { id } }`);
  let matches = 0;
  if (!existing.data?.charityResources?.length) {
    const ids: string[] = [];
    for (const resource of plan.resources) {
      const { data, errors } = await charity.request(
        `mutation($input: CharityResourceInput!) { addCharityResource(input: $input) { id regionCode } }`,
        { input: resource },
      );
      if (errors) throw new Error(`addCharityResource: ${errors[0].message}`);
      ids.push(data.addCharityResource.id);
    }
    const r = rng(7);
    const candidates = plan.subjects.filter(() => r.chance(0.12));
    const wanted = candidates.flatMap((s) => {
      const options = plan.resources
        .map((res, i) => ({ res, id: ids[i] }))
        .filter(({ res }) => s.registeredRegionCode.startsWith(res.regionCode));
      return options.length
        ? [{ idNumber: s.idNumber, resourceId: r.pick(options).id, note: '演示数据' }]
        : [];
    });
    await charity.mutateAll('matchCharityResource', 'CharityMatchInput', 'id', wanted, ['CONFLICT']);
    matches = wanted.length;
  }
  return {
    subjects: plan.subjects.length,
    disability: plan.disability.length,
    medical: plan.medical.length,
    union: plan.union.length,
    resources: plan.resources.length,
    matches,
  };
}
