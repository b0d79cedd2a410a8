/**
 * The monthly tables the source documents print (Qingpu 2024 annex tables 1–4, Qianjiang 2022 annex
 * detail table, Hangtou 2022 §三(一)2(2) per-village table), as data: their headers in order, exactly
 * as the documents write them, and each column's kind (how a file shows it). Civil affairs fills the
 * rows (`monthlyReport`), the gateway writes them as CSV or XLSX (`GET /reports/<table>.<csv|xlsx>`).
 *
 * Cross-department columns are planned like eligibility: civil affairs' `MonthlyReport` entity gives
 * each partner the page's shared facts (`reportFacts`, @external there), each partner answers its part
 * (`<dept>Report`, @requires reportFacts; shared/partner-report.ts) and civil affairs' `rows`
 * @requires the four answers. Only data here: the gateway writes the files without loading the
 * subgraphs' schema libraries.
 */
import { Department } from './departments';
import { InvalidInputError } from './errors';
import type { Facts } from './policy/conditions';
import type { ProgramDecision } from './policy/programs';

/** text · an ID number (always text) · an ISO date · a number · the row's number (序号) */
export type ColumnKind = 'text' | 'id' | 'date' | 'number' | 'index';

export interface ReportColumn {
  header: string;
  kind: ColumnKind;
  /** width in characters in the XLSX */
  width: number;
}

export interface ReportTable {
  key: ReportTableKey;
  /** the table's name as the document prints it */
  title: string;
  /** the line above the header: 所属街镇 / 所属乡镇（街道） */
  regionLabel: string;
  source: string;
  columns: ReportColumn[];
}

export const REPORT_TABLE_KEYS = [
  'qingpu-1',
  'qingpu-2',
  'qingpu-3',
  'qingpu-4',
  'qianjiang-discoveries',
  'hangtou-village',
] as const;
export type ReportTableKey = (typeof REPORT_TABLE_KEYS)[number];

const c = (header: string, kind: ColumnKind = 'text', width = 12): ReportColumn => ({ header, kind, width });
const INDEX = c('序号', 'index', 6);
const ID = (header: string) => c(header, 'id', 21);
const WIDE = (header: string) => c(header, 'text', 28);
const QINGPU_TITLE = (n: string) => `青浦区社会救助低收入人口探访排摸统计表(表${n})`;
const QINGPU_SOURCE = '青民〔2024〕25号 附件';

/** The columns every Qingpu table opens with (表三 writes its village column with full-width brackets). */
const QINGPU_PERSON = (village: string) => [
  INDEX,
  c(village, 'text', 16),
  c('姓名'),
  c('性别', 'text', 6),
  ID('身份证'),
  c('年龄', 'number', 6),
];
const QINGPU_ADVISOR = [c('村级救助顾问姓名', 'text', 16), WIDE('处理方案')];
/** 表一 and 表二: the household's figures, then two columns of their own */
const QINGPU_UNASSISTED = (village: string, own: ReportColumn[]) => [
  ...QINGPU_PERSON(village),
  WIDE('基本社会保障'),
  c('家庭人数', 'number', 8),
  c('家庭月人均收入', 'number', 14),
  WIDE('家庭住址'),
  c('联系方式', 'text', 14),
  ...own,
  ...QINGPU_ADVISOR,
];
/** 表三 and 表四: the assistance and what is stacked on it, then their own columns */
const QINGPU_ASSISTED = (village: string, own: ReportColumn[]) => [
  ...QINGPU_PERSON(village),
  WIDE('家庭基本保障'),
  c('家庭人数', 'number', 8),
  WIDE('家庭住址'),
  c('联系方式', 'text', 14),
  c('准入救助时间', 'date', 12),
  WIDE('叠加政策'),
  ...own,
  WIDE('可衔接其他政策或社会帮扶资源'),
  c('衔接时间', 'date', 12),
  ...QINGPU_ADVISOR,
];

/** Headers copied from ../shared/seeds (tests compare them cell by cell with the documents). */
export const REPORT_TABLES: Readonly<Record<ReportTableKey, ReportTable>> = {
  'qingpu-1': {
    key: 'qingpu-1',
    title: QINGPU_TITLE('一'),
    regionLabel: '所属街镇',
    source: QINGPU_SOURCE,
    columns: QINGPU_UNASSISTED('所属村(居)委', [WIDE('拟可准入民政救助政策'), WIDE('拟可叠加其他部门政策')]),
  },
  'qingpu-2': {
    key: 'qingpu-2',
    title: QINGPU_TITLE('二'),
    regionLabel: '所属街镇',
    source: QINGPU_SOURCE,
    columns: QINGPU_UNASSISTED('所属村(居)委', [
      WIDE('家庭主要困难需求'),
      WIDE('拟可衔接其他政策或社会帮扶资源的建议'),
    ]),
  },
  'qingpu-3': {
    key: 'qingpu-3',
    title: QINGPU_TITLE('三'),
    regionLabel: '所属街镇',
    source: QINGPU_SOURCE,
    columns: QINGPU_ASSISTED('所属村（居）委', [WIDE('家庭主要困难需求')]),
  },
  'qingpu-4': {
    key: 'qingpu-4',
    title: QINGPU_TITLE('四'),
    regionLabel: '所属街镇',
    source: QINGPU_SOURCE,
    columns: QINGPU_ASSISTED('所属村(居)委', [c('终止时间', 'date', 12)]),
  },
  'qianjiang-discoveries': {
    key: 'qianjiang-discoveries',
    title: '黔江区社会救助主动发现救助对象明细表',
    regionLabel: '所属乡镇（街道）',
    source: '黔江民政发〔2022〕44号 附件',
    columns: [
      INDEX,
      c('发现方式（走访发现、信息推送发现、工作发现）', 'text', 14),
      c('发现人'),
      c('所属乡镇（街道）', 'text', 14),
      c('对象姓名'),
      WIDE('家庭基本情况'),
      WIDE(
        '疑似符合救助（城乡低保、特困供养、临时救助、医疗救助、教育救助、住房救助、就业救助、受灾人员救助等）',
      ),
      WIDE('乡镇（街道）调查情况'),
      WIDE('乡镇（街道）办理结果（不符合救助条件、纳入救助范畴和纳入时间）'),
      WIDE('备注'),
    ],
  },
  'hangtou-village': {
    key: 'hangtou-village',
    title: '各村居困难群众综合数据表',
    regionLabel: '所属街镇',
    source: '航府〔2022〕34号 §三(一)2(2)',
    columns: [
      INDEX,
      c('人员分类（城乡低保家庭对象、低收入困难家庭对象等）', 'text', 16),
      c('性别', 'text', 6),
      c('年龄', 'number', 6),
      ID('身份证号'),
      c('户籍性质', 'text', 8),
      WIDE('户籍地址'),
      WIDE('居住地址'),
      c('婚姻状况', 'text', 8),
      c('家庭人口', 'number', 8),
      WIDE('健康状况（大重病、残疾情况）'),
      c('就业状况', 'text', 10),
      WIDE('享受救助情况'),
    ],
  },
};

export interface ReportRequest {
  table: ReportTableKey;
  regionCode: string;
  /** YYYY-MM */
  month: string;
}

/**
 * Checks a report's arguments before anything is read; `fields` names them as the caller wrote
 * them (GraphQL's `regionCode`, the URL's `region`).
 */
export function parseReportRequest(
  input: { table: string; regionCode: string; month: string },
  fields = { table: 'table', regionCode: 'regionCode', month: 'month' },
): ReportRequest {
  if (!(REPORT_TABLE_KEYS as readonly string[]).includes(input.table))
    throw new InvalidInputError(
      fields.table,
      `unknown table "${input.table}"; one of ${REPORT_TABLE_KEYS.join(', ')}`,
      'UNKNOWN_TABLE',
    );
  if (!/^\d{6}(\d{3}(\d{3})?)?$/.test(input.regionCode ?? ''))
    throw new InvalidInputError(
      fields.regionCode,
      'a region code is 6, 9 or 12 digits (national division code)',
      'REGION_CODE',
    );
  const m = /^(\d{4})-(\d{2})$/.exec(input.month ?? '');
  if (!m || Number(m[2]) < 1 || Number(m[2]) > 12 || Number(m[1]) < 2000)
    throw new InvalidInputError(fields.month, 'a month is YYYY-MM, e.g. 2026-11', 'MONTH');
  return { table: input.table as ReportTableKey, regionCode: input.regionCode, month: input.month };
}

/** The month's last day (ISO), the date a report's situation is taken on. */
export function monthEnd(month: string): string {
  const [y, m] = month.split('-').map(Number);
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return `${month}-${String(last).padStart(2, '0')}`;
}

/**
 * Free text a spreadsheet would read as a formula (`= + - @`, and tab / carriage return that some
 * readers treat alike) is prefixed with an apostrophe (OWASP "CSV injection").
 */
export function escapeFormula(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

// ---------------------------------------------------------------------------------------------
// Partners' part of a report page (planned by the gateway, like eligibility and the audit trail)

/** One subject of a page as civil affairs gives it to the partners (`reportFacts`). */
export interface ReportSubjectFacts {
  idNumber: string;
  /** the shared eligibility facts (income only with consent), as `Subject.eligibilityFacts` */
  facts: Facts;
}

export interface ReportFacts {
  regionCode: string;
  subjects: ReportSubjectFacts[];
}

/** What one partner says of one subject for the report. */
export interface PartnerReportEntry {
  /**
   * the programs a row prints: those the person is enrolled in or eligible for (the others print
   * nothing; leaving them out keeps a page of 2,000 people well under a subgraph's body limit)
   */
  programs: Array<Pick<ProgramDecision, 'id' | 'name' | 'eligible' | 'enrolled'>>;
  /** the department's own columns (health: 医保 and serious illness; charity: matches; …) */
  extra: Record<string, string | null>;
}

/** One partner's answer: entries by ID number. */
export type PartnerReport = Record<string, PartnerReportEntry>;

/** The internal field each partner answers on: disabilityReport, tradeUnionReport, … */
export function reportField(department: Department): string {
  return department.toLowerCase().replace(/_(\w)/g, (_m, ch: string) => ch.toUpperCase()) + 'Report';
}
