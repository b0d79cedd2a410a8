import { DEPARTMENTS, Department } from '../../../../../shared/departments';
import { ageOn } from '../../../../../shared/id-number';
import {
  PartnerReport,
  PartnerReportEntry,
  REPORT_TABLES,
  ReportRequest,
  ReportSubjectFacts,
  monthEnd,
} from '../../../../../shared/monthly-report';
import type { Facts } from '../../../../../shared/policy/conditions';
import type { ProgramDecision } from '../../../../../shared/policy/programs';
import { PARTNERS, type EligibilityService } from '../eligibility/eligibility.service';
import type { PolicySnapshot } from '../policy/policy.service';
import type { AssistanceEntity } from '../registry/assistance.entity';
import type { SubjectEntity } from '../registry/subject.entity';
import type { SubjectRecord } from '../standing/facts';
import type { DiscoveryRow, ReportRepository } from './report.repository';

/** Rows read from the database per batch while a page fills. */
export const REPORT_BATCH = 500;
/** The most rows one page may ask for. */
export const MAX_REPORT_PAGE = 2000;

/** What the service reads through the request's loaders (one batch per table per call). */
export interface ReportReads {
  /** each person's admissions (the same batch `records` reads them from) */
  assistance(subjectIds: string[]): Promise<AssistanceEntity[][]>;
  records(subjects: SubjectEntity[]): Promise<SubjectRecord[]>;
  consents(subjectIds: string[]): Promise<boolean[]>;
  regionNames(codes: string[]): Promise<Map<string, string>>;
  policy(): Promise<PolicySnapshot>;
}

/** One person of a page: the record, the facts as of the month's end and civil affairs' programs. */
export interface ReportPerson {
  kind: 'person';
  record: SubjectRecord;
  facts: Facts;
  shared: Facts;
  programs: ProgramDecision[];
  /** Qingpu's table (1–4) the person's situation puts them in */
  qingpu: 1 | 2 | 3 | 4;
}

export interface ReportDiscovery {
  kind: 'discovery';
  discovery: DiscoveryRow;
}

export interface ReportPage {
  request: ReportRequest;
  items: Array<ReportPerson | ReportDiscovery>;
  /** 序号 of the page's first row, minus one */
  offset: number;
  endCursor: string | null;
  hasNextPage: boolean;
  /** names of the regions and coordinators the rows print */
  regionNames: Map<string, string>;
  advisors: Map<string, string[]>;
}

interface Cursor {
  /** last key read: a person's `village|idNumber`, or a discovery's `foundAt|id` */
  k: string;
  /** rows given so far */
  n: number;
}

export function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify(c)).toString('base64url');
}

function decodeCursor(after: string | null | undefined): Cursor | null {
  if (!after) return null;
  try {
    const c = JSON.parse(Buffer.from(after, 'base64url').toString('utf8')) as Cursor;
    if (typeof c.k === 'string' && Number.isInteger(c.n) && c.n >= 0) return c;
  } catch {
    /* falls through */
  }
  return null;
}

/** The instant a China-time date starts. */
const chinaStart = (isoDate: string) => new Date(`${isoDate}T00:00:00+08:00`);

function nextDay(isoDate: string): string {
  const d = new Date(`${isoDate}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

const CATEGORY_LABELS: Record<string, string> = {
  DIBAO: '低保家庭',
  DIBIAN: '低保边缘家庭',
  TEKUN: '特困供养对象',
  LOW_INCOME: '低收入家庭',
  EXPENDITURE: '因病支出型家庭',
  TEMPORARY: '临时救助对象',
  SEVERE_DISABILITY_UNEMPLOYED: '重残无业对象',
};
const SEX = { MALE: '男', FEMALE: '女' } as Record<string, string>;
const PENSION = { EMPLOYEE: '职工养老保险', RESIDENT: '城乡居民养老保险', NONE: '未参加养老保险' } as Record<
  string,
  string
>;
const REGISTRATION = { URBAN: '城镇户籍', RURAL: '农村户籍' } as Record<string, string>;
const MARITAL = { UNMARRIED: '未婚', MARRIED: '已婚', DIVORCED: '离异', WIDOWED: '丧偶' } as Record<
  string,
  string
>;
const EMPLOYMENT = {
  EMPLOYED: '就业',
  FLEXIBLE: '灵活就业',
  FARMING: '务农',
  UNEMPLOYED: '失业',
  RETIRED: '退休',
  STUDENT: '在校学生',
  UNABLE_TO_WORK: '无劳动能力',
} as Record<string, string>;
const METHOD = { VISIT: '走访发现', DATA_PUSH: '信息推送发现', IN_WORK: '工作发现' } as Record<
  string,
  string
>;
const SUSPECTED = {
  DIBAO: '城乡低保',
  TEKUN: '特困供养',
  TEMPORARY: '临时救助',
  MEDICAL: '医疗救助',
  EDUCATION: '教育救助',
  HOUSING: '住房救助',
  EMPLOYMENT: '就业救助',
  DISASTER: '受灾人员救助',
} as Record<string, string>;
const LABEL = Object.fromEntries(DEPARTMENTS.map((d) => [d.department, d.label])) as Record<
  Department,
  string
>;

const join = (parts: Array<string | null | undefined>, sep = '；') => parts.filter((p) => p).join(sep);
const label = (map: Record<string, string>, v: string | null | undefined) => (v ? (map[v] ?? v) : '');

/** The assistance standing on a date: active admissions, and ended ones when none is active. */
export function assistanceOn(assistance: AssistanceEntity[], date: string) {
  const started = assistance.filter((a) => a.since <= date);
  const active = started.filter((a) => a.until === null || a.until > date);
  const ended = started.filter((a) => a.until !== null && a.until <= date);
  return { active, ended: active.length ? [] : ended };
}

/**
 * Qingpu 2024 annex tables 1–4, by the person's situation at the month's end: 3 already assisted;
 * 4 assistance ended; 1 never assisted but civil affairs' rules say they may qualify; 2 the others.
 */
export function qingpuTable(
  assistance: AssistanceEntity[],
  programs: () => ProgramDecision[],
  date: string,
): 1 | 2 | 3 | 4 {
  // the rules are evaluated only for people never assisted (they are what tells 1 from 2)
  return (
    assistedTable(assistance, date) ?? (programs().some((p) => p.eligible === true && !p.enrolled) ? 1 : 2)
  );
}

/** Qingpu's table 3 or 4 for someone ever assisted by the date; null for the others (1 or 2 by the rules). */
function assistedTable(assistance: AssistanceEntity[], date: string): 3 | 4 | null {
  const { active, ended } = assistanceOn(assistance, date);
  return active.length ? 3 : ended.length ? 4 : null;
}

/**
 * The monthly tables from the registry, a page at a time: the people (or discoveries) of the
 * region read in keyset batches, sorted into the table by their situation, and the cells filled
 * from civil affairs' own data and each partner's answer (brought by the gateway's plan).
 */
export class ReportService {
  constructor(
    private readonly reports: ReportRepository,
    private readonly eligibility: EligibilityService,
  ) {}

  /** Reads one page: up to `first` rows (all when null) after the cursor. */
  async page(
    request: ReportRequest,
    first: number | null,
    after: string | null,
    reads: ReportReads,
  ): Promise<ReportPage> {
    const cursor = decodeCursor(after);
    const want = first ?? Number.POSITIVE_INFINITY;
    const items: ReportPage['items'] = [];
    let key = cursor?.k ?? '';
    let exhausted = false;
    const end = monthEnd(request.month);
    const before = chinaStart(nextDay(end));
    const asOf = before.getTime() < Date.now() ? new Date(before.getTime() - 1) : new Date();
    while (items.length < want && !exhausted) {
      // whole batches even when few rows are missing: a page stops mid-batch, the cursor at the last row read;
      // a big page reads big batches (fewer round trips per row)
      const batch = Number.isFinite(want)
        ? Math.min(Math.max(want, REPORT_BATCH), MAX_REPORT_PAGE)
        : REPORT_BATCH;
      if (request.table === 'qianjiang-discoveries') {
        const [foundAt, id] = key ? key.split('|') : [];
        const rows = await this.reports.discoveries(
          request.regionCode,
          chinaStart(`${request.month}-01`),
          before,
          foundAt ? { foundAt: new Date(foundAt), id } : null,
          batch,
        );
        exhausted = rows.length < batch;
        for (const [i, d] of rows.entries()) {
          items.push({ kind: 'discovery', discovery: d });
          key = `${d.foundAt.toISOString()}|${d.id}`;
          // rows of the batch left unread: the next page starts with them
          if (items.length >= want) exhausted &&= i === rows.length - 1;
          if (items.length >= want) break;
        }
        continue;
      }
      const [lastRegion, lastId] = key ? key.split('|') : [];
      const subjects = await this.reports.subjects(
        request.regionCode,
        key ? { regionCode: lastRegion, idNumber: lastId } : null,
        batch,
      );
      exhausted = subjects.length < batch;
      if (!subjects.length) break;
      // a Qingpu table keeps only some people, and admissions alone place everyone ever assisted
      // (tables 3 and 4): the rest of the record is read only for those kept or still undecided
      const assistance = await reads.assistance(subjects.map((s) => s.id));
      const placed = assistance.map((a) => assistedTable(a, end));
      const needed = subjects.filter(
        (_s, i) =>
          !request.table.startsWith('qingpu-') ||
          placed[i] === null ||
          `qingpu-${placed[i]}` === request.table,
      );
      const [records, consents, policy] = await Promise.all([
        reads.records(needed),
        reads.consents(needed.map((s) => s.id)),
        reads.policy(),
      ]);
      const at = new Map(needed.map((s, i) => [s.id, i]));
      for (let i = 0; i < subjects.length; i++) {
        key = `${subjects[i].registeredRegionCode}|${subjects[i].idNumber}`;
        const j = at.get(subjects[i].id);
        if (j === undefined) continue;
        const record = records[j];
        // worked out once per person, and only for those the table keeps (or whose table depends on them)
        let facts: Facts | undefined;
        let evaluated: ProgramDecision[] | undefined;
        const factsOf = () => (facts ??= this.eligibility.facts(record, policy, asOf));
        const own = () => (evaluated ??= this.eligibility.ownDecisions(factsOf()));
        const qingpu = qingpuTable(record.assistance, own, end);
        if (request.table.startsWith('qingpu-') && `qingpu-${qingpu}` !== request.table) continue;
        const programs = own();
        const shared = this.eligibility.shareable(factsOf(), consents[j]);
        items.push({ kind: 'person', record, facts: factsOf(), shared, programs, qingpu });
        // people of the batch left unread: the next page starts with them (it may find none of this table)
        if (items.length >= want) exhausted &&= i === subjects.length - 1;
        if (items.length >= want) break;
      }
    }
    const villages = items.flatMap((it) =>
      it.kind === 'person' ? [it.record.subject.registeredRegionCode] : [],
    );
    const townships = items.flatMap((it) => (it.kind === 'discovery' ? [it.discovery.townshipCode] : []));
    const [regionNames, coordinators] = await Promise.all([
      reads.regionNames([...new Set([...villages, ...townships])]),
      this.reports.coordinators([...new Set(villages)]),
    ]);
    const advisors = new Map<string, string[]>();
    for (const c of coordinators)
      advisors.set(c.villageCode, [...(advisors.get(c.villageCode) ?? []), c.name]);
    const offset = cursor?.n ?? 0;
    return {
      request,
      items,
      offset,
      endCursor: items.length || cursor ? encodeCursor({ k: key, n: offset + items.length }) : null,
      hasNextPage: !exhausted,
      regionNames,
      advisors,
    };
  }

  /** What the partners are given of a page (`reportFacts`): each person's shared facts. */
  partnerFacts(page: ReportPage): ReportSubjectFacts[] {
    return page.items.flatMap((it) =>
      it.kind === 'person' ? [{ idNumber: it.record.subject.idNumber, facts: it.shared }] : [],
    );
  }

  /** The page's rows, cells in the table's column order, with each partner's answer laid in. */
  rows(page: ReportPage, partners: Partial<Record<Department, PartnerReport | null>>): string[][] {
    const table = REPORT_TABLES[page.request.table];
    // each answer by ID number in a Map: an object keyed by 2,000 numeric-looking ID numbers is slow to read
    const answers = new Map(PARTNERS.map((d) => [d, new Map(Object.entries(partners[d] ?? {}))] as const));
    return page.items.map((item, i) => {
      const cells =
        item.kind === 'discovery' ? this.discoveryCells(item, page) : this.personCells(item, page, answers);
      return table.columns.map((col) =>
        col.kind === 'index' ? String(page.offset + i + 1) : (cells[col.header] ?? ''),
      );
    });
  }

  private discoveryCells({ discovery: d }: ReportDiscovery, page: ReportPage): Record<string, string> {
    const result =
      d.decision === 'INCLUDED'
        ? `纳入救助范畴${d.includedOn ? `（纳入时间 ${d.includedOn}）` : ''}`
        : d.decision === 'NOT_ELIGIBLE'
          ? '不符合救助条件'
          : d.status === 'OPEN'
            ? '待调查'
            : '调查中';
    return {
      '发现方式（走访发现、信息推送发现、工作发现）': label(METHOD, d.method),
      发现人: d.foundBy,
      '所属乡镇（街道）': page.regionNames.get(d.townshipCode) ?? d.townshipCode,
      对象姓名: d.subjectName,
      家庭基本情况: d.householdSituation ?? '',
      '疑似符合救助（城乡低保、特困供养、临时救助、医疗救助、教育救助、住房救助、就业救助、受灾人员救助等）':
        join(
          d.suspectedAssistance.map((s) => label(SUSPECTED, s)),
          '、',
        ),
      '乡镇（街道）调查情况': d.investigation ?? '',
      '乡镇（街道）办理结果（不符合救助条件、纳入救助范畴和纳入时间）': result,
      备注: d.note ?? '',
    };
  }

  private personCells(
    item: ReportPerson,
    page: ReportPage,
    partners: ReadonlyMap<Department, ReadonlyMap<string, PartnerReportEntry>>,
  ): Record<string, string> {
    const s = item.record.subject;
    const end = monthEnd(page.request.month);
    const answer = (d: Department): PartnerReportEntry | undefined => partners.get(d)?.get(s.idNumber);
    const partnerPrograms = PARTNERS.flatMap((d) =>
      (answer(d)?.programs ?? []).map((p) => ({ ...p, department: d })),
    );
    const health = answer(Department.HEALTH)?.extra ?? {};
    const charity = answer(Department.CHARITY)?.extra ?? {};
    const disability = answer(Department.DISABILITY)?.extra ?? {};
    const named = (p: { name: string; department: Department }) => `${p.name}（${LABEL[p.department]}）`;
    const stackable = partnerPrograms.filter((p) => p.eligible === true && !p.enrolled).map(named);
    const enrolled = [
      ...item.programs.filter((p) => p.enrolled).map((p) => p.name),
      ...partnerPrograms.filter((p) => p.enrolled).map(named),
    ];
    const matches = charity.matches ? `慈善结对：${charity.matches}` : '';
    const { active, ended } = assistanceOn(item.record.assistance, end);
    const base = item.qingpu === 3 ? active : ended;
    const categories = join([...new Set(base.map((a) => label(CATEGORY_LABELS, a.category)))], '、');
    const household = item.record.household;
    const village = page.regionNames.get(s.registeredRegionCode) ?? '';
    const age = String(ageOn(s.birthDate, end));
    const sinceDates = base.map((a) => a.since).sort();
    const untilDates = ended.map((a) => a.until!).sort();
    const address = s.residenceAddress ?? s.registeredAddress ?? '';
    const hangtouCategory =
      join([...new Set(active.map((a) => label(CATEGORY_LABELS, a.category)))], '、') ||
      (ended.length ? '救助已终止对象' : '低收入困难家庭对象');
    return {
      '所属村(居)委': village,
      '所属村（居）委': village,
      姓名: s.name,
      性别: label(SEX, s.sex),
      身份证: s.idNumber,
      身份证号: s.idNumber,
      年龄: age,
      基本社会保障: join([label(PENSION, s.pension), health.insurance]),
      家庭基本保障: categories,
      家庭人数: household ? String(household.size) : '',
      家庭人口: household ? String(household.size) : '',
      家庭月人均收入: household ? String(household.monthlyIncomePerCapita) : '',
      家庭住址: address,
      联系方式: s.phone ?? '',
      拟可准入民政救助政策: join(
        item.programs.filter((p) => p.eligible === true && !p.enrolled).map((p) => p.name),
      ),
      拟可叠加其他部门政策: join(stackable),
      家庭主要困难需求: s.mainNeeds ?? '',
      拟可衔接其他政策或社会帮扶资源的建议: join([...stackable, matches]),
      可衔接其他政策或社会帮扶资源: join([...stackable, matches]),
      衔接时间: charity.matchedOn ?? '',
      准入救助时间: item.qingpu === 4 ? (sinceDates.at(-1) ?? '') : (sinceDates[0] ?? ''),
      叠加政策: join(enrolled),
      终止时间: untilDates.at(-1) ?? '',
      村级救助顾问姓名: join(page.advisors.get(s.registeredRegionCode) ?? [], '、'),
      处理方案: s.handlingPlan ?? '',
      '人员分类（城乡低保家庭对象、低收入困难家庭对象等）': hangtouCategory,
      户籍性质: label(REGISTRATION, s.registrationType),
      户籍地址: s.registeredAddress ?? '',
      居住地址: s.residenceAddress ?? '',
      婚姻状况: label(MARITAL, s.maritalStatus),
      '健康状况（大重病、残疾情况）': join([health.majorIllness, disability.disability]),
      就业状况: label(EMPLOYMENT, s.employment),
      享受救助情况: join([
        ...active.map((a) => `${label(CATEGORY_LABELS, a.category)}（${a.since}起）`),
        ...enrolled,
        matches,
      ]),
    };
  }
}
