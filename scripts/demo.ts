/**
 * Demo data for `npm start`: a few hundred subjects across the five seed regions, with households,
 * assistance statuses and records in every department, built by the factories and written through
 * the gateway's public mutations (so demo data passes the same checks as real input).
 */
import { Role, signToken } from '../shared/auth';
import { type CommonConfig, commonSchema, parseEnv } from '../shared/config';
import { Department } from '../shared/departments';
import { checkCharacter } from '../shared/id-number';
import { DEMO_PROBE_ID_NUMBER, DEMO_PROBE_QUERY } from './demo-probe';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  SHIPPED_PACKS_DIR,
  validatePack,
} from '../subgraphs/civil-affairs/src/modules/policy/policy.service';
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
  /** people built to show each tier in each region */
  exemplars: {
    key: SubjectInputData[];
    urgent: SubjectInputData[];
    general: SubjectInputData[];
    /** the situations the documents name: scattered orphans, left-behind children, 80+ living alone */
    situations: SubjectInputData[];
  };
  /** 一户一档: people who join a household registered in `subjects` (memberOf), registered after them */
  members: Array<SubjectInputData & { household: { memberOf: string; relation: string } }>;
  disability: ReturnType<typeof buildDisability>[];
  medical: ReturnType<typeof buildMedical>[];
  union: ReturnType<typeof buildUnionMember>[];
  resources: ReturnType<typeof buildCharityResource>[];
}

export function demoPlan(): DemoPlan {
  const r = rng(20261125);
  const plan: DemoPlan = {
    subjects: [],
    exemplars: { key: [], urgent: [], general: [], situations: [] },
    members: [],
    disability: [],
    medical: [],
    union: [],
    resources: [],
  };
  for (const person of CONTRACT_PEOPLE) {
    plan.subjects.push(buildSubject(r, person.registeredRegionCode, person));
  }
  for (const region of SEED_REGIONS) {
    const villages = villagesUnder(region.code, 8);
    for (let i = 0; i < DEMO_SUBJECTS_PER_REGION; i++)
      plan.subjects.push(buildSubject(r, villages[i % villages.length]));
    for (let i = 0; i < 4; i++) plan.resources.push(buildCharityResource(r, region.code, region.name));
    // 一户一档: a 低保 household of three registered members (head, spouse, child) sharing one file
    const head = buildSubject(r, villages[4 % villages.length], {
      livingAlone: false,
      household: { size: 3, monthlyIncomePerCapita: 620 },
      assistance: [{ category: 'DIBAO', status: 'ACTIVE', since: '2024-05-01', until: null }],
    });
    plan.subjects.push(head);
    for (const relation of ['SPOUSE', 'CHILD']) {
      const member = buildSubject(r, head.registeredRegionCode, { livingAlone: false, assistance: [] });
      plan.members.push({
        ...member,
        household: { memberOf: head.idNumber, relation, size: 3, monthlyIncomePerCapita: 620 },
      });
    }
    const active = (category: string) => [{ category, status: 'ACTIVE', since: '2023-03-01', until: null }];
    // dispersed 特困 aged 65 living alone: KEY under every seed pack
    plan.exemplars.key.push(
      buildSubject(r, villages[0], {
        livingAlone: true,
        dispersedSupport: true,
        assistance: active('TEKUN'),
      }),
    );
    // 低保 household that an urgent visit finding makes HIGH_RISK
    plan.exemplars.urgent.push(
      buildSubject(r, villages[1], { livingAlone: false, assistance: active('DIBAO') }),
    );
    // working-age 低边 / 低保 households: GENERAL (which one depends on the pack)
    plan.exemplars.general.push(
      buildSubject(r, villages[2], {
        livingAlone: false,
        dispersedSupport: false,
        assistance: active('DIBIAN'),
      }),
      buildSubject(r, villages[3], {
        livingAlone: false,
        dispersedSupport: false,
        assistance: active('DIBAO'),
      }),
    );
    // 社会散居孤儿 (Rui'an KEY), 农村留守儿童 (Fuzhou 二(五)), 80岁以上独居 with no children in the city (Fuzhou 二(四))
    plan.exemplars.situations.push(
      withAge(
        buildSubject(r, villages[4], {
          livingAlone: false,
          situations: ['ORPHAN_SCATTERED'],
          assistance: [],
        }),
        10,
      ),
      withAge(
        buildSubject(r, villages[5], {
          livingAlone: false,
          situations: ['LEFT_BEHIND_CHILD'],
          assistance: [],
        }),
        8,
      ),
      withAge(
        buildSubject(r, villages[6], {
          livingAlone: true,
          situations: ['NO_CHILDREN_IN_CITY'],
          assistance: active('DIBAO'),
          tekunConditions: { noWorkCapacity: true, noLivingSource: false, noCapableSupporter: true },
        }),
        82,
      ),
    );
  }
  plan.subjects.push(...plan.exemplars.situations);
  for (const list of [plan.exemplars.key, plan.exemplars.urgent, plan.exemplars.general]) {
    for (const s of list) {
      const year = 2026 - (list === plan.exemplars.key ? 65 : 40);
      s.idNumber = s.idNumber.slice(0, 6) + String(year) + s.idNumber.slice(10);
      s.idNumber = s.idNumber.slice(0, 17) + checkCharacter(s.idNumber.slice(0, 17));
      s.household = { ...s.household, size: list === plan.exemplars.key ? 1 : 3 };
    }
    plan.subjects.push(...list);
  }
  for (const s of [...plan.subjects.slice(CONTRACT_PEOPLE.length), ...plan.members]) {
    const age = 2026 - Number(s.idNumber.slice(6, 10));
    if (r.chance(0.22)) plan.disability.push(buildDisability(r, s.idNumber));
    if (r.chance(0.45)) plan.medical.push(buildMedical(r, s.idNumber));
    if (age >= 18 && age < 60 && r.chance(0.35)) plan.union.push(buildUnionMember(r, s.idNumber));
  }
  return plan;
}

/** The person with an ID number of the same region and sequence, born `age` years before 2026. */
function withAge(s: SubjectInputData, age: number): SubjectInputData {
  const id = s.idNumber.slice(0, 6) + String(2026 - age) + s.idNumber.slice(10, 17);
  return { ...s, idNumber: id + checkCharacter(id) };
}

/** The shipped packs by the regions the migration assigns them to (contract README). */
const PACK_OF: Array<[string, string]> = [
  ['330381', 'ruian-2021'],
  ['310118', 'qingpu-2024'],
  ['310115137', 'hangtou-2022'],
  ['500114', 'qianjiang-2022'],
  ['3501', 'fuzhou-2018'],
];
const shipped = (key: string) =>
  validatePack(JSON.parse(readFileSync(path.join(SHIPPED_PACKS_DIR, `${key}.json`), 'utf8')));

/**
 * A complete visit's findings for the person's region: every dimension of its pack's template (Fuzhou
 * refuses a patrol missing one, Rui'an keeps it incomplete), the health dimension item by item, and in
 * Rui'an the 党员 + 救助社工 + 网格员 team.
 */
function completeFindings(regionCode: string, health: { status: string; note?: string }) {
  const pack = shipped(PACK_OF.find(([prefix]) => regionCode.startsWith(prefix))![1]);
  const findings = pack.template.dimensions.map((d) =>
    d.key === 'health'
      ? {
          dimension: d.key,
          ...health,
          items: d.items.map((item, i) => (i === 0 ? { item, ...health } : { item, status: 'OK' })),
        }
      : { dimension: d.key, status: 'OK' },
  );
  const team = pack.team?.roles.map((role, i) => ({ name: ['王红', '李明', '张强'][i] ?? role, role })) ?? [];
  return { findings, team };
}

type Progress = (message: string) => void;

/** how long the loader waits before sending a request again that found a department busy */
const RETRY_AFTER_MS = [1000, 2000, 4000, 8000, 15000];

class GatewayClient {
  constructor(
    private readonly url: string,
    private readonly token: string,
    private readonly progress: Progress,
  ) {}

  /**
   * Sends the operation; one the gateway answered only with DEPARTMENT_UNAVAILABLE (a department
   * that did not answer within SUBGRAPH_TIMEOUT_MS: a first start on a busy machine) is sent again
   * after a pause. Every write the loader sends may be repeated: the registrations and records are
   * upserts, importVisit and fileDiscovery find what an earlier try wrote; a step of a workflow that an
   * earlier try did take answers CONFLICT on the repeat, which then means done (not returned). A write
   * that cannot tell gives `written`: what an earlier try wrote, if it did, instead of sending again.
   */
  async request<T = any>(
    query: string,
    variables: Record<string, unknown> = {},
    { written, retry = true }: { written?: () => Promise<T | undefined>; retry?: boolean } = {},
  ): Promise<{ data: T; errors?: any[] }> {
    for (let attempt = 0; ; attempt++) {
      const earlier = attempt > 0 ? await written?.() : undefined;
      if (earlier) return { data: earlier };
      const answer = await this.send<T>(query, variables);
      const errors = answer.errors?.filter((e) => !(attempt > 0 && alreadyDone(e)));
      if (retry && busy(errors) && attempt < RETRY_AFTER_MS.length) {
        const wait = RETRY_AFTER_MS[attempt];
        const departments = [...new Set(errors!.map((e) => e.extensions.department ?? 'a write'))];
        this.progress(
          `  ${departments.join(', ')} did not answer in time; sending again in ${wait / 1000} s`,
        );
        await new Promise((resolve) => setTimeout(resolve, wait));
        continue;
      }
      return { data: answer.data, ...(errors?.length ? { errors } : {}) };
    }
  }

  private async send<T>(query: string, variables: Record<string, unknown>) {
    for (;;) {
      const res = await fetch(this.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${this.token}` },
        body: JSON.stringify({ query, variables }),
      });
      // the gateway's rate limit (README "Abuse limits"): the loader is one user sending hundreds of requests
      if (res.status === 429) {
        await new Promise((resolve) =>
          setTimeout(resolve, Number(res.headers.get('retry-after') ?? 1) * 1000),
        );
        continue;
      }
      return (await res.json()) as { data: T; errors?: any[] };
    }
  }

  /**
   * Sends one aliased mutation per item, `batch` to a request. Errors with `tolerated` codes are
   * skipped. A batch the department did not answer in time is sent again in halves, down to single
   * items sent again after a pause (request): a batch too big for SUBGRAPH_TIMEOUT_MS on a busy
   * machine would fail every time whole.
   */
  async mutateAll<T>(
    field: string,
    inputType: string,
    selection: string,
    items: T[],
    {
      tolerated = [],
      before,
      after,
    }: {
      tolerated?: string[];
      /** waited for before a batch is sent (the people it names registered) */
      before?: (chunk: T[]) => Promise<void>;
      /** told of each batch once it is written */
      after?: (chunk: T[]) => void;
    } = {},
  ) {
    let halved = false;
    const send = async (chunk: T[], repeated: boolean): Promise<void> => {
      const vars = chunk.map((_, j) => `$i${j}: ${inputType}!`).join(', ');
      const fields = chunk.map((_, j) => `m${j}: ${field}(input: $i${j}) { ${selection} }`).join('\n');
      const variables = Object.fromEntries(chunk.map((item, j) => [`i${j}`, item]));
      const { errors } = await this.request(`mutation Demo(${vars}) {\n${fields}\n}`, variables, {
        retry: chunk.length === 1,
      });
      if (chunk.length > 1 && busy(errors)) {
        if (!halved)
          this.progress(
            `  ${chunk.length} × ${field} did not answer in time; sending such batches again in halves`,
          );
        halved = true;
        const half = Math.ceil(chunk.length / 2);
        await send(chunk.slice(0, half), true);
        return send(chunk.slice(half), true);
      }
      // an item an earlier, unanswered try did write may answer CONFLICT now
      const fatal = (errors ?? []).filter(
        (e) => !tolerated.includes(e.extensions?.code) && !(repeated && alreadyDone(e)),
      );
      if (fatal.length) throw new Error(`${field}: ${fatal.map((e) => e.message).join('; ')}`);
    };
    const batch = 25;
    for (let i = 0; i < items.length; i += batch) {
      const chunk = items.slice(i, i + batch);
      await before?.(chunk);
      await send(chunk, false);
      after?.(chunk);
    }
  }
}

/**
 * an answer whose errors all say a department did not answer (in time), or that a write met another
 * (CONFLICT with `retry`: a deadlock or serialization failure, nothing written)
 */
function busy(errors: any[] | undefined): boolean {
  return (
    !!errors?.length &&
    errors.every((e) => e.extensions?.code === 'DEPARTMENT_UNAVAILABLE' || e.extensions?.retry)
  );
}

/** CONFLICT that means "already so", not a write that met another */
const alreadyDone = (e: any) => e.extensions?.code === 'CONFLICT' && !e.extensions.retry;

async function tokenFor(department: Department, config: CommonConfig) {
  return signToken({ user: 'demo-loader', department, role: Role.ADMIN, region: null }, config, '1h');
}

/**
 * Loads the demo data unless the registry already holds it. Returns what was written. The plan is
 * built before the gateway's address is awaited (npm start gives it once everything is ready).
 */
export async function loadDemoData(
  gateway: string | Promise<string>,
  config: CommonConfig,
  progress: Progress,
) {
  const plan = demoPlan();
  const gatewayUrl = await gateway;
  const client = (token: string) => new GatewayClient(gatewayUrl, token, progress);
  const civil = client(await tokenFor(Department.CIVIL_AFFAIRS, config));
  const probe = await civil.request(DEMO_PROBE_QUERY, { id: DEMO_PROBE_ID_NUMBER });
  if (probe.errors) throw new Error(`demo data check failed: ${probe.errors[0].message}`);
  if (probe.data.subjectByIdNumber) return null;

  progress(
    `loading demo data: ${plan.subjects.length + plan.members.length} people in ${SEED_REGIONS.length} regions, ` +
      `${plan.disability.length} disability certificates, ${plan.medical.length} medical records, ` +
      `${plan.union.length} union members …`,
  );
  // Civil affairs registers while the partners record and the past visits are imported: each batch
  // waits only for the people it names (a partner writes about registered people only). The
  // workflows (Fuzhou's sign-off, discoveries) start once everyone is registered.
  const registrations = new Registrations();
  const after = (chunk: Array<{ idNumber: string }>) => registrations.added(chunk.map((p) => p.idNumber));
  const before = (chunk: Array<{ idNumber: string }>) =>
    registrations.whenRegistered(chunk.map((p) => p.idNumber));
  const registered = (async () => {
    await civil.mutateAll('registerSubject', 'SubjectInput', 'id', plan.subjects, { after });
    // household members join households registered above
    await civil.mutateAll('registerSubject', 'SubjectInput', 'id', plan.members, { after });
  })().catch((e: Error) => {
    registrations.fail(e);
    throw e;
  });
  // its failure reaches the loader through whichever waiter meets it first
  registered.catch(() => {});
  const partners = (async () => {
    await client(await tokenFor(Department.DISABILITY, config)).mutateAll(
      'recordDisability',
      'DisabilityInput',
      'grade',
      plan.disability,
      { before },
    );
    await client(await tokenFor(Department.HEALTH, config)).mutateAll(
      'recordMedical',
      'MedicalInput',
      'majorIllness',
      plan.medical,
      { before },
    );
    await client(await tokenFor(Department.TRADE_UNION, config)).mutateAll(
      'recordUnionMember',
      'UnionMemberInput',
      'member',
      plan.union,
      { before },
    );
  })();
  const charity = loadCharity(plan, client(await tokenFor(Department.CHARITY, config)), before);
  const [history, matches] = await Promise.all([
    loadVisitingHistory(plan, civil, before, registered),
    charity,
    partners,
  ]);
  return {
    ...history,
    subjects: plan.subjects.length,
    disability: plan.disability.length,
    medical: plan.medical.length,
    union: plan.union.length,
    resources: plan.resources.length,
    matches,
  };
}

/** Which of the plan's people are registered yet, for the writes that must wait for them. */
class Registrations {
  private readonly done = new Set<string>();
  private waiting: Array<{ ids: string[]; resolve: () => void; reject: (e: Error) => void }> = [];
  private failure: Error | undefined;

  added(ids: string[]) {
    for (const id of ids) this.done.add(id);
    this.waiting = this.waiting.filter((w) => {
      if (!w.ids.every((id) => this.done.has(id))) return true;
      w.resolve();
      return false;
    });
  }

  /** the registrations stopped: whoever waits for them fails with the same error */
  fail(e: Error) {
    this.failure = e;
    for (const w of this.waiting) w.reject(e);
    this.waiting = [];
  }

  whenRegistered(ids: string[]): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    if (ids.every((id) => this.done.has(id))) return Promise.resolve();
    return new Promise((resolve, reject) => this.waiting.push({ ids, resolve, reject }));
  }
}

/**
 * Charity's resources (they name no one, so they go at once) and its matches, each batch once its
 * people are registered. Returns how many matches it made (0: resources were there already).
 */
async function loadCharity(
  plan: DemoPlan,
  charity: GatewayClient,
  before: (chunk: Array<{ idNumber: string }>) => Promise<void>,
): Promise<number> {
  const existing = await charity.request(`{ charityResources { id } }`);
  if (existing.data?.charityResources?.length) return 0;
  const ids: string[] = [];
  for (const resource of plan.resources) {
    const { data, errors } = await charity.request(
      `mutation($input: CharityResourceInput!) { addCharityResource(input: $input) { id regionCode } }`,
      { input: resource },
      {
        written: async () => {
          const listed = await charity.request<{ charityResources: Array<{ id: string; name: string }> }>(
            `query($r: String!) { charityResources(regionCode: $r) { id name regionCode } }`,
            { r: resource.regionCode },
          );
          const added = listed.data?.charityResources.find((c) => c.name === resource.name);
          return added && { addCharityResource: added };
        },
      },
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
    return options.length ? [{ idNumber: s.idNumber, resourceId: r.pick(options).id, note: '演示数据' }] : [];
  });
  await charity.mutateAll('matchCharityResource', 'CharityMatchInput', 'id', wanted, {
    tolerated: ['CONFLICT'],
    before,
  });
  return wanted.length;
}

/**
 * Visit history (imported with past dates, as from paper records), urgent cases found on visits,
 * discoveries at each stage of the investigation and some village coordinators, so that every
 * region's overdue list, discovery ledger and coordinator gaps have something to show.
 */
async function loadVisitingHistory(
  plan: DemoPlan,
  civil: GatewayClient,
  before: (chunk: Array<{ idNumber: string }>) => Promise<void>,
  registered: Promise<void>,
) {
  const r = rng(11);
  const now = Date.now();
  const at = (daysAgo: number) => new Date(now - daysAgo * 86_400_000).toISOString();
  const urgent = new Set(plan.exemplars.urgent.map((s) => s.idNumber));
  const visited = plan.subjects.filter((s) => !urgent.has(s.idNumber) && r.chance(0.35));
  const imports = [
    ...visited.map((s) => {
      const days = r.int(10, 200);
      return {
        idNumber: s.idNumber,
        startedAt: at(days),
        input: {
          endedAt: at(days - 0.03),
          ...completeFindings(s.registeredRegionCode, { status: 'OK' }),
          photoRef: 'demo.jpg',
          signatureRef: 'demo.png',
        },
      };
    }),
    ...plan.exemplars.urgent.map((s) => ({
      idNumber: s.idNumber,
      startedAt: at(0.2),
      input: {
        endedAt: at(0.15),
        ...completeFindings(s.registeredRegionCode, { status: 'URGENT', note: '突发重病住院，家中无人照料' }),
        urgent: true,
      },
    })),
  ];
  // each batch of past visits as soon as its people are registered
  for (let i = 0; i < imports.length; i += 10) {
    const chunk = imports.slice(i, i + 10);
    await before(chunk);
    const vars = chunk
      .map((_, j) => `$id${j}: String!, $s${j}: String!, $in${j}: VisitFindingsInput!`)
      .join(', ');
    const fields = chunk
      .map(
        (_, j) =>
          `v${j}: importVisit(idNumber: $id${j}, mode: HOME, visitor: "网格员", startedAt: $s${j}, input: $in${j}) { id }`,
      )
      .join('\n');
    const variables = Object.fromEntries(
      chunk.flatMap((v, j) => [
        [`id${j}`, v.idNumber],
        [`s${j}`, v.startedAt],
        [`in${j}`, v.input],
      ]),
    );
    const { errors } = await civil.request(`mutation DemoVisits(${vars}) {\n${fields}\n}`, variables);
    if (errors?.length) throw new Error(`importVisit: ${errors.map((e) => e.message).join('; ')}`);
  }

  // the workflows below pick their people from everyone registered
  await registered;
  const signedOff = await loadFuzhouClosureLoop(plan, civil, at);

  let discoveries = 0;
  for (const region of SEED_REGIONS) {
    // the contract's example people keep the records its examples expect (the first lead is included below)
    const contract = new Set(CONTRACT_PEOPLE.map((p) => p.idNumber));
    const people = plan.subjects
      .filter((s) => s.registeredRegionCode.startsWith(region.code) && !contract.has(s.idNumber))
      .slice(0, 3);
    const ids: string[] = [];
    for (const [k, person] of people.entries()) {
      const { data, errors } = await civil.request(
        `mutation($i: DiscoveryInput!) { fileDiscovery(input: $i) { id } }`,
        {
          i: {
            idNumber: person.idNumber,
            method: ['IN_WORK', 'VISIT', 'DATA_PUSH'][k],
            category: ['MAY_QUALIFY_NOT_APPLIED', 'HARDSHIP_NOT_ELIGIBLE', 'ASSISTED_NEEDS_MORE'][k],
            suspectedAssistance: [['DIBAO'], ['TEMPORARY', 'MEDICAL'], ['MEDICAL']][k],
            householdSituation: '演示数据',
            sourceKey: `demo:${person.idNumber}:${k}`,
          },
        },
      );
      if (errors) throw new Error(`fileDiscovery: ${errors[0].message}`);
      ids.push(data.fileDiscovery.id);
      discoveries++;
    }
    if (ids[1]) {
      await civil.request(`mutation($id: ID!) { assignDiscovery(id: $id, coordinator: "村协理员") { id } }`, {
        id: ids[1],
      });
      await civil.request(
        `mutation($id: ID!) { recordInvestigation(id: $id, input: { personSeen: true, situationClear: true, proposal: "链接慈善资源" }) { id } }`,
        { id: ids[1] },
      );
      await civil.request(
        `mutation($id: ID!) { decideDiscovery(id: $id, input: { decision: NOT_ELIGIBLE, reason: "家庭收入超过当地低保标准" }) { id } }`,
        { id: ids[1] },
      );
    }
    if (ids[0]) {
      // 新增救助群众: included with what was granted (临时救助), so the assistance statuses gain it
      await civil.request(
        `mutation($id: ID!) { recordInvestigation(id: $id, input: { personSeen: true, situationClear: true, proposal: "给予临时救助" }) { id } }`,
        { id: ids[0] },
      );
      const today = new Date().toISOString().slice(0, 10);
      const { errors } = await civil.request(
        `mutation($id: ID!, $on: String!) { decideDiscovery(id: $id, input: { decision: INCLUDED, includedOn: $on, granted: [{ category: TEMPORARY, status: ACTIVE, since: $on }] }) { id } }`,
        { id: ids[0], on: today },
      );
      if (errors) throw new Error(`decideDiscovery: ${errors[0].message}`);
    }
    // a street patrol's lead about a person not registered yet (Hangtou 三(一)1(3))
    const village = villagesUnder(region.code, 1)[0];
    const patrol = await civil.request(`mutation($i: DiscoveryInput!) { fileDiscovery(input: $i) { id } }`, {
      i: {
        personName: '无名氏',
        regionCode: village,
        method: 'IN_WORK',
        category: 'MAY_QUALIFY_NOT_APPLIED',
        suspectedAssistance: ['TEMPORARY'],
        householdSituation: '街面巡查发现，夜宿桥洞，无固定住所（演示数据）',
        sourceKey: `demo:patrol:${region.code}`,
      },
    });
    if (patrol.errors) throw new Error(`fileDiscovery: ${patrol.errors[0].message}`);
    discoveries++;
    for (const village of villagesUnder(region.code, 2)) {
      await civil.request(
        `mutation($v: String!) { addCoordinator(villageCode: $v, name: "协理员") { id } }`,
        { v: village },
      );
    }
  }
  return { visits: imports.length + signedOff, discoveries };
}

/**
 * Fuzhou 2018 五(一)/五(三) in the demo: visits signed by all three roles (confirmed), one still
 * waiting for the township leader, and changes found on visits at each step — reported with the
 * county's plan, reported and waiting for the plan, not yet reported (overdue).
 */
async function loadFuzhouClosureLoop(plan: DemoPlan, civil: GatewayClient, at: (daysAgo: number) => string) {
  const urgent = new Set(plan.exemplars.urgent.map((s) => s.idNumber));
  const people = plan.subjects
    .filter((s) => s.registeredRegionCode.startsWith('350102') && !urgent.has(s.idNumber))
    .slice(0, 5);
  const roles = ['村（居）主任', '包村干部', '乡镇（街道）主要负责人'];
  const signers = ['陈建华', '林志强', '黄海'];
  for (const [k, person] of people.entries()) {
    const days = 3 + k * 4;
    const { data, errors } = await civil.request(
      `mutation($id: String!, $s: String!, $in: VisitFindingsInput!) { importVisit(idNumber: $id, mode: HOME, visitor: "包村干部", startedAt: $s, input: $in) { id } }`,
      {
        id: person.idNumber,
        s: at(days),
        in: {
          endedAt: at(days - 0.05),
          // a patrol assesses all six aspects (Fuzhou 四(二)); from the third on, the family is a concern
          findings: completeFindings(person.registeredRegionCode, { status: 'OK' }).findings.map((f) =>
            k >= 2 && f.dimension === 'family'
              ? { dimension: 'family', status: 'CONCERN', note: '家庭成员失业，月收入下降' }
              : f,
          ),
          changes: k >= 2 ? ['INCOME'] : [],
          photoRef: 'demo.jpg',
          signatureRef: 'demo.png',
        },
      },
    );
    if (errors) throw new Error(`importVisit: ${errors[0].message}`);
    const id = data.importVisit.id;
    // the second visit still waits for the township leader's signature
    for (const [j, role] of roles.entries()) {
      if (k === 1 && j === 2) break;
      const signed = await civil.request(
        `mutation($id: ID!, $role: String!, $name: String!) { signOffVisit(id: $id, role: $role, name: $name) { id } }`,
        { id, role, name: signers[j] },
      );
      if (signed.errors) throw new Error(`signOffVisit: ${signed.errors[0].message}`);
    }
    if (k === 2 || k === 3) {
      const reported = await civil.request(
        `mutation($id: ID!) { reportChange(id: $id, note: "已报县民政局") { id } }`,
        { id },
      );
      if (reported.errors) throw new Error(`reportChange: ${reported.errors[0].message}`);
    }
    if (k === 2) {
      const planned = await civil.request(
        `mutation($id: ID!) { recordAssistancePlan(id: $id, input: { measures: ["临时救助", "就业援助转介"] }) { id } }`,
        { id },
      );
      if (planned.errors) throw new Error(`recordAssistancePlan: ${planned.errors[0].message}`);
    }
  }
  return people.length;
}

/** the first line of stdin; a closed pipe without one (npm start stopped first) ends the process */
function firstLine(): Promise<string> {
  return new Promise((resolve) => {
    let text = '';
    process.stdin.setEncoding('utf8');
    process.stdin.on('data', (chunk: string) => {
      text += chunk;
      if (text.includes('\n')) resolve(text.split('\n')[0].trim());
    });
    process.stdin.on('end', () => (text.trim() ? resolve(text.trim()) : process.exit(0)));
  });
}

/**
 * `npm start` runs the loader as a short-lived child (scripts/start.ts), so what it builds — the
 * villages table, the plan of 352 people — leaves with it instead of staying in the supervisor:
 * progress on stderr, the counts (or `null`: already loaded) as JSON on stdout. The gateway's
 * address is the argument, or (npm start, which starts the loader early) the first line of stdin.
 */
if (require.main === module) {
  const gateway = process.argv[2] ?? firstLine();
  loadDemoData(gateway, parseEnv(commonSchema, process.env, 'demo'), (m) => console.error(m)).then(
    (loaded) => process.stdout.write(JSON.stringify(loaded)),
    (e) => {
      console.error((e as Error).message);
      process.exit(1);
    },
  );
}
