/**
 * 受理窗口: type an ID number (checked as typed, with the services' own rules), see the person in all
 * five departments, the tier and why, every program with its reasons, open referrals and
 * discoveries; file a referral or a discovery. A department that cannot answer is one line saying so;
 * a field withheld from this department says why.
 */
import { checkIdNumber } from '../../shared/id-number-rules';
import { GraphQLError, GraphQLResult, Withheld, currentClaims, errorText, graphql, setUpSignIn } from './api';
import { byId, dateTime, h, replace } from './dom';
import {
  ASSISTANCE_NAMES,
  ASSISTANCE_STATUS_NAMES,
  DEPARTMENTS,
  DEPARTMENT_NAMES,
  DIFFICULTY_NAMES,
  DISABILITY_NAMES,
  DISCOVERY_CATEGORY_NAMES,
  DISCOVERY_METHOD_NAMES,
  DISCOVERY_STATUS_NAMES,
  INSURANCE_NAMES,
  MATCH_STATUS_NAMES,
  REFERRAL_STATUS_NAMES,
  SEX_NAMES,
  SUSPECTED_ASSISTANCE_NAMES,
  TIER_NAMES,
  WITHHELD_NAMES,
  label,
} from './labels';

// the contract's CrossLineLookup, with the tier's reason and where the person lives
const LOOKUP = /* GraphQL */ `
  query WindowLookup($idNumber: String!) {
    subjectByIdNumber(idNumber: $idNumber) {
      id
      idNumber
      name
      sex
      birthDate
      phone
      region {
        code
        name
        level
      }
      residenceRegion {
        code
        name
      }
      household {
        size
        monthlyIncomePerCapita
      }
      assistance {
        category
        status
        since
        until
      }
      tier
      tierReason {
        rule
        source
        pack
        certain
        unknownFacts
      }
      disability {
        certificateNumber
        category
        grade
      }
      tradeUnion {
        member
        difficultWorker {
          level
          since
          reason
        }
      }
      medical {
        insuranceType
        majorIllness
        outOfPocketLast12Months
      }
      charity {
        activeMatches {
          resource {
            id
            name
          }
          status
        }
      }
      eligibility {
        program {
          id
          name
          department
        }
        eligible
        enrolled
        reasons
      }
    }
  }
`;

const INBOX = /* GraphQL */ `
  query WindowReferrals($department: Department!) {
    referrals(department: $department) {
      id
      status
      reason
      fromDepartment
      toDepartment
      createdAt
      subject {
        id
      }
      program {
        id
        name
      }
    }
  }
`;

const DISCOVERIES = /* GraphQL */ `
  query WindowDiscoveries($regionCode: String!) {
    discoveries(regionCode: $regionCode) {
      id
      method
      category
      status
      suspectedAssistance
      foundAt
      foundByDepartment
      subject {
        id
      }
    }
  }
`;

const CREATE_REFERRAL = /* GraphQL */ `
  mutation WindowReferral($input: ReferralInput!) {
    createReferral(input: $input) {
      id
      status
      program {
        id
        name
        department
      }
    }
  }
`;

const FILE_DISCOVERY = /* GraphQL */ `
  mutation WindowDiscovery($input: DiscoveryInput!) {
    fileDiscovery(input: $input) {
      id
      status
      category
    }
  }
`;

interface Subject {
  id: string;
  idNumber: string | null;
  name: string;
  sex: string;
  birthDate: string;
  phone: string | null;
  region: { code: string; name: string; level: string };
  residenceRegion: { code: string; name: string };
  household: { size: number; monthlyIncomePerCapita: number | null } | null;
  assistance: Array<{ category: string; status: string; since: string; until: string | null }> | null;
  tier: string | null;
  tierReason: { rule: string; source: string; pack: string; certain: boolean; unknownFacts: string[] } | null;
  disability: { certificateNumber: string; category: string; grade: number } | null;
  tradeUnion: {
    member: boolean;
    difficultWorker: { level: string; since: string; reason: string } | null;
  } | null;
  medical: { insuranceType: string; majorIllness: boolean; outOfPocketLast12Months: number } | null;
  charity: { activeMatches: Array<{ resource: { id: string; name: string }; status: string }> } | null;
  eligibility: Array<{
    program: { id: string; name: string; department: string };
    eligible: boolean | null;
    enrolled: boolean;
    reasons: string[];
  }> | null;
}

interface Referral {
  id: string;
  status: string;
  reason: string;
  fromDepartment: string;
  toDepartment: string;
  createdAt: string;
  subject: { id: string } | null;
  program: { id: string; name: string };
}

interface Discovery {
  id: string;
  method: string;
  category: string;
  status: string;
  suspectedAssistance: string[];
  foundAt: string;
  foundByDepartment: string;
  subject: { id: string } | null;
}

const OPEN_REFERRAL = new Set(['PENDING', 'ACCEPTED']);
let shown: { subject: Subject; idNumber: string } | null = null;

function describeProblem(idNumber: string): { valid: boolean; text: string } {
  if (idNumber.length === 0) return { valid: false, text: '请输入 18 位公民身份号码。' };
  if (!/^\d{0,17}$/.test(idNumber.slice(0, 17)))
    return { valid: false, text: '前 17 位只能是数字，第 18 位是校验码（数字或 X）。' };
  if (idNumber.length < 18) return { valid: false, text: `已输入 ${idNumber.length} / 18 位。` };
  if (idNumber.length > 18)
    return { valid: false, text: `多了 ${idNumber.length - 18} 位：号码应为 18 位。` };
  const checked = checkIdNumber(idNumber);
  if (checked.ok) {
    return { valid: true, text: `号码有效：出生日期 ${checked.birthDate}，${SEX_NAMES[checked.sex]}。` };
  }
  const { problem } = checked;
  switch (problem.reason) {
    case 'CHECKSUM':
      return { valid: false, text: `校验码应为 ${problem.expected}，不是 ${idNumber[17]}：号码可能输错了。` };
    case 'BIRTH_DATE':
      return { valid: false, text: `出生日期 ${idNumber.slice(6, 14)} 不是真实的过去日期。` };
    default:
      return { valid: false, text: '格式不对：应为 17 位数字加 1 位校验码（数字或 X）。' };
  }
}

function onIdInput(): void {
  const input = byId<HTMLInputElement>('id-number');
  const idNumber = input.value.trim().toUpperCase();
  const { valid, text } = describeProblem(idNumber);
  byId('id-hint').textContent = text;
  // a number still being typed is not yet wrong
  input.setAttribute('aria-invalid', String(!valid && idNumber.length >= 18));
  byId<HTMLButtonElement>('lookup').disabled = !valid;
}

async function lookUp(idNumber: string): Promise<void> {
  const status = byId('lookup-status');
  status.textContent = '正在查询五个部门……';
  const result = await graphql<{ subjectByIdNumber: Subject | null }>(LOOKUP, { idNumber });
  const subject = result.data?.subjectByIdNumber ?? null;
  if (!subject) {
    shown = null;
    replace(byId('person'));
    const unavailable = result.errors?.find((e) => e.extensions?.code === 'DEPARTMENT_UNAVAILABLE');
    status.textContent = result.errors
      ? unavailable
        ? `${label(DEPARTMENT_NAMES, unavailable.extensions?.department)}暂时无法连接，查不到此人的登记信息：${errorText(result.errors)}`
        : `查询失败：${errorText(result.errors)}`
      : '辖区内没有此身份证号码的登记记录。';
    return;
  }
  shown = { subject, idNumber };
  const missing = departmentErrors(result.errors);
  status.textContent =
    `已找到 ${subject.name}。` +
    (missing.size
      ? `${[...missing.keys()].map((d) => DEPARTMENT_NAMES[d]).join('、')}暂时无法连接，其余部门照常显示。`
      : '');
  renderPerson(subject, result);
  await loadOpenItems(subject);
}

/** DEPARTMENT_UNAVAILABLE errors by the department they name */
function departmentErrors(errors: GraphQLError[] | undefined): Map<string, GraphQLError> {
  const byDepartment = new Map<string, GraphQLError>();
  for (const e of errors ?? [])
    if (e.extensions?.code === 'DEPARTMENT_UNAVAILABLE' && e.extensions.department)
      byDepartment.set(e.extensions.department, e);
  return byDepartment;
}

function renderPerson(subject: Subject, result: GraphQLResult<unknown>): void {
  const unavailable = departmentErrors(result.errors);
  const withheld = result.extensions?.withheld ?? [];
  const reasonAt = (...path: string[]): string | undefined => {
    const key = ['subjectByIdNumber', ...path].join('.');
    return withheld.find((w) => w.path.join('.') === key)?.reason;
  };
  const value = (text: string | number | null | undefined, ...path: string[]): Node | string => {
    if (text !== null && text !== undefined) return String(text);
    const reason = reasonAt(...path);
    return reason ? h('span', { class: 'withheld' }, `已隐去：${label(WITHHELD_NAMES, reason)}`) : '—';
  };
  const otherErrors = (result.errors ?? []).filter((e) => e.extensions?.code !== 'DEPARTMENT_UNAVAILABLE');

  const section = (department: string, body: () => Node[]): HTMLElement => {
    const down = unavailable.get(department);
    return h(
      'section',
      {
        class: down ? 'department unavailable' : 'department',
        'aria-labelledby': `dept-${department}`,
        'data-department': department,
      },
      h('h3', { id: `dept-${department}` }, DEPARTMENT_NAMES[department]),
      ...(down
        ? [
            h(
              'p',
              { class: 'down', role: 'status' },
              `${DEPARTMENT_NAMES[department]}服务暂不可用，本次查询未含该部门信息。`,
            ),
          ]
        : body()),
    );
  };
  const facts = (...rows: Array<[string, Node | string]>): Node[] => [
    h('dl', {}, ...rows.flatMap(([term, detail]) => [h('dt', {}, term), h('dd', {}, detail)])),
  ];

  const tier = subject.tier
    ? h(
        'p',
        { class: `tier tier-${subject.tier}` },
        h('strong', {}, `对象分级：${label(TIER_NAMES, subject.tier)}`),
        subject.tierReason
          ? ` — ${subject.tierReason.rule}（${subject.tierReason.source}，${subject.tierReason.pack}）` +
              (subject.tierReason.certain
                ? ''
                : `；有部门未能提供：${subject.tierReason.unknownFacts.join('、')}，分级待定`)
          : '',
      )
    : h('p', { class: 'tier' }, '对象分级：所在地区没有适用的政策包，未分级。');

  const assistance = subject.assistance;
  replace(
    byId('person'),
    h(
      'h2',
      { id: 'person-name' },
      `${subject.name}（${label(SEX_NAMES, subject.sex)}，${subject.birthDate}）`,
    ),
    tier,
    h(
      'div',
      { class: 'departments' },
      section('CIVIL_AFFAIRS', () =>
        facts(
          ['身份证号码', value(subject.idNumber, 'idNumber')],
          ['户籍地', `${subject.region.name}（${subject.region.code}）`],
          ['居住地', `${subject.residenceRegion.name}（${subject.residenceRegion.code}）`],
          ['联系电话', value(subject.phone, 'phone')],
          ['家庭人口', value(subject.household?.size, 'household', 'size')],
          [
            '月人均收入（元）',
            value(subject.household?.monthlyIncomePerCapita, 'household', 'monthlyIncomePerCapita'),
          ],
          [
            '救助情况',
            assistance === null
              ? value(null, 'assistance')
              : assistance.length
                ? h(
                    'ul',
                    {},
                    ...assistance.map((a) =>
                      h(
                        'li',
                        {},
                        `${label(ASSISTANCE_NAMES, a.category)} · ${label(ASSISTANCE_STATUS_NAMES, a.status)} · ${a.since} 起${a.until ? `，${a.until} 止` : ''}`,
                      ),
                    ),
                  )
                : '无',
          ],
        ),
      ),
      section('DISABILITY', () =>
        subject.disability
          ? facts(
              ['残疾证号', subject.disability.certificateNumber],
              ['类别', label(DISABILITY_NAMES, subject.disability.category)],
              ['等级', `${subject.disability.grade} 级`],
            )
          : [h('p', {}, reasonAt('disability') ? value(null, 'disability') : '无残疾证记录。')],
      ),
      section('TRADE_UNION', () =>
        subject.tradeUnion
          ? facts(
              ['工会会员', subject.tradeUnion.member ? '是' : '否'],
              [
                '困难职工',
                subject.tradeUnion.difficultWorker
                  ? `${label(DIFFICULTY_NAMES, subject.tradeUnion.difficultWorker.level)}（${subject.tradeUnion.difficultWorker.since} 起）：${subject.tradeUnion.difficultWorker.reason}`
                  : '否',
              ],
            )
          : [h('p', {}, '无工会记录。')],
      ),
      section('HEALTH', () =>
        subject.medical
          ? facts(
              ['医保类型', label(INSURANCE_NAMES, subject.medical.insuranceType)],
              ['重大疾病', subject.medical.majorIllness ? '是' : '否'],
              [
                '近 12 个月自付（元）',
                value(subject.medical.outOfPocketLast12Months, 'medical', 'outOfPocketLast12Months'),
              ],
            )
          : [h('p', {}, '无医保记录。')],
      ),
      section('CHARITY', () =>
        subject.charity?.activeMatches.length
          ? [
              h(
                'ul',
                {},
                ...subject.charity.activeMatches.map((m) =>
                  h('li', {}, `${m.resource.name}（${label(MATCH_STATUS_NAMES, m.status)}）`),
                ),
              ),
            ]
          : [h('p', {}, '无慈善帮扶对接。')],
      ),
    ),
    otherErrors.length
      ? h('p', { class: 'error', role: 'alert' }, `部分信息未能取得：${errorText(otherErrors)}`)
      : null,
    withheld.length
      ? h(
          'section',
          { 'aria-labelledby': 'withheld-title', class: 'withheld-list' },
          h('h3', { id: 'withheld-title' }, '未向本部门显示的信息'),
          h(
            'ul',
            {},
            ...withheld.map((w: Withheld) =>
              h('li', {}, `${w.path.slice(1).join('.')}：${label(WITHHELD_NAMES, w.reason)}`),
            ),
          ),
        )
      : null,
  );
  renderEligibility(subject);
}

function renderEligibility(subject: Subject): void {
  const rows = subject.eligibility ?? [];
  const ownDepartment = currentClaims().department;
  replace(
    byId('eligibility-body'),
    ...rows.map((e) =>
      h(
        'tr',
        { 'data-program': e.program.id },
        h('th', { scope: 'row' }, e.program.name),
        h('td', { class: 'nowrap' }, label(DEPARTMENT_NAMES, e.program.department)),
        h('td', {}, e.eligible === null ? '待定（有部门未能提供信息）' : e.eligible ? '符合' : '不符合'),
        h('td', { class: 'nowrap' }, e.enrolled ? '已享受' : '未享受'),
        h('td', {}, h('ul', { class: 'reasons' }, ...e.reasons.map((r) => h('li', {}, r)))),
      ),
    ),
  );
  byId('eligibility-empty').hidden = rows.length > 0;
  // a referral goes to another department's program the person does not already receive
  const select = byId<HTMLSelectElement>('referral-program');
  const candidates = rows.filter((e) => !e.enrolled && e.program.department !== ownDepartment);
  replace(
    select,
    ...candidates.map((e) =>
      h(
        'option',
        { value: e.program.id },
        `${DEPARTMENT_NAMES[e.program.department]} · ${e.program.name}${e.eligible ? '（符合）' : ''}`,
      ),
    ),
  );
  byId('forms').hidden = false;
  byId<HTMLButtonElement>('referral-submit').disabled = candidates.length === 0;
}

async function loadOpenItems(subject: Subject): Promise<void> {
  const own = currentClaims().department;
  // civil affairs sees every department's inbox in its region; a partner sees its own
  const departments = own === 'CIVIL_AFFAIRS' ? [...DEPARTMENTS] : DEPARTMENTS.filter((d) => d === own);
  const township = subject.region.code.slice(0, 9);
  const [inboxes, discoveries] = await Promise.all([
    Promise.all(departments.map((department) => graphql<{ referrals: Referral[] }>(INBOX, { department }))),
    graphql<{ discoveries: Discovery[] }>(DISCOVERIES, { regionCode: township }),
  ]);
  const referrals = inboxes
    .flatMap((r) => r.data?.referrals ?? [])
    .filter((r) => r.subject?.id === subject.id && OPEN_REFERRAL.has(r.status));
  const failed = inboxes.flatMap((r) => r.errors ?? []);
  replace(
    byId('referrals'),
    ...referrals.map((r) =>
      h(
        'li',
        { 'data-referral': r.id },
        `${DEPARTMENT_NAMES[r.fromDepartment]} → ${DEPARTMENT_NAMES[r.toDepartment]}：${r.program.name}（${label(REFERRAL_STATUS_NAMES, r.status)}，${dateTime(r.createdAt)}）— ${r.reason}`,
      ),
    ),
  );
  if (!referrals.length) byId('referrals').append(h('li', {}, failed.length ? '' : '没有办理中的转介。'));
  byId('referrals-error').textContent = failed.length ? `部分转介未能取得：${errorText(failed)}` : '';
  const open = (discoveries.data?.discoveries ?? []).filter(
    (d) => d.subject?.id === subject.id && d.status !== 'CLOSED',
  );
  replace(
    byId('discoveries'),
    ...open.map((d) =>
      h(
        'li',
        { 'data-discovery': d.id },
        `${label(DISCOVERY_CATEGORY_NAMES, d.category)} · ${label(DISCOVERY_METHOD_NAMES, d.method)} · ${label(DISCOVERY_STATUS_NAMES, d.status)}（${dateTime(d.foundAt)}，${label(DEPARTMENT_NAMES, d.foundByDepartment)}）` +
          (d.suspectedAssistance.length
            ? `；疑似：${d.suspectedAssistance.map((s) => label(SUSPECTED_ASSISTANCE_NAMES, s)).join('、')}`
            : ''),
      ),
    ),
  );
  if (!open.length)
    byId('discoveries').append(h('li', {}, discoveries.errors ? '' : '没有未结案的主动发现记录。'));
  byId('discoveries-error').textContent = discoveries.errors
    ? `主动发现记录未能取得：${errorText(discoveries.errors)}`
    : '';
}

async function fileReferral(event: SubmitEvent): Promise<void> {
  event.preventDefault();
  if (!shown) return;
  const status = byId('referral-status');
  const reason = byId<HTMLTextAreaElement>('referral-reason');
  if (!reason.value.trim()) {
    status.textContent = '请填写转介理由。';
    reason.setAttribute('aria-invalid', 'true');
    reason.focus();
    return;
  }
  reason.removeAttribute('aria-invalid');
  const input = {
    idNumber: shown.idNumber,
    programId: byId<HTMLSelectElement>('referral-program').value,
    reason: reason.value.trim(),
    sharesSensitiveData: byId<HTMLInputElement>('referral-sensitive').checked,
  };
  const result = await graphql<{
    createReferral: { id: string; program: { name: string; department: string } };
  }>(CREATE_REFERRAL, { input });
  if (result.errors || !result.data) {
    status.textContent = `转介未提交：${errorText(result.errors)}`;
    return;
  }
  const { program } = result.data.createReferral;
  status.textContent = `已转介至${DEPARTMENT_NAMES[program.department]}：${program.name}。`;
  reason.value = '';
  await loadOpenItems(shown.subject);
}

async function fileDiscovery(event: SubmitEvent): Promise<void> {
  event.preventDefault();
  if (!shown) return;
  const status = byId('discovery-status');
  const suspected = [...document.querySelectorAll<HTMLInputElement>('input[name="suspected"]:checked')].map(
    (c) => c.value,
  );
  const note = byId<HTMLTextAreaElement>('discovery-note').value.trim();
  const input = {
    idNumber: shown.idNumber,
    method: 'IN_WORK',
    category: byId<HTMLSelectElement>('discovery-category').value,
    suspectedAssistance: suspected,
    ...(note ? { note } : {}),
  };
  const result = await graphql<{ fileDiscovery: { id: string } }>(FILE_DISCOVERY, { input });
  if (result.errors || !result.data) {
    status.textContent = `未登记：${errorText(result.errors)}`;
    return;
  }
  status.textContent = '已登记主动发现线索，等待乡镇核查。';
  byId<HTMLTextAreaElement>('discovery-note').value = '';
  await loadOpenItems(shown.subject);
}

function setUpForms(): void {
  replace(
    byId('discovery-category'),
    ...Object.entries(DISCOVERY_CATEGORY_NAMES).map(([code, name]) => h('option', { value: code }, name)),
  );
  replace(
    byId('suspected'),
    h('legend', {}, '疑似符合的救助'),
    ...Object.entries(SUSPECTED_ASSISTANCE_NAMES).map(([code, name]) =>
      h('label', { class: 'check' }, h('input', { type: 'checkbox', name: 'suspected', value: code }), name),
    ),
  );
  byId('id-number').addEventListener('input', onIdInput);
  byId<HTMLFormElement>('lookup-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const idNumber = byId<HTMLInputElement>('id-number').value.trim().toUpperCase();
    if (!describeProblem(idNumber).valid) return onIdInput();
    void lookUp(idNumber).catch(showFailure);
  });
  byId<HTMLFormElement>('referral-form').addEventListener(
    'submit',
    (e) => void fileReferral(e).catch(showFailure),
  );
  byId<HTMLFormElement>('discovery-form').addEventListener(
    'submit',
    (e) => void fileDiscovery(e).catch(showFailure),
  );
  onIdInput();
}

function showFailure(e: unknown): void {
  byId('lookup-status').textContent = `出错了：${(e as Error).message}`;
}

setUpForms();
setUpSignIn(() => byId('id-number').focus());
