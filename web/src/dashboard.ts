/**
 * 领导看板: a township's or district's live view. Urgent cases arrive over graphql-ws (live.ts);
 * counters, the referral backlog per department and the people under visiting care by tier and by
 * village are counted on the server and come in one query with the overdue list's first page (more
 * pages on request), refreshed on each case and every minute. Charts where a glance says more than a
 * table; each chart has its figures in a table beside it for screen readers.
 */
import {
  GraphQLResult,
  SIGNED_OUT,
  claimsOf,
  currentClaims,
  currentToken,
  downloadReport,
  errorText,
  graphql,
  setUpSignIn,
} from './api';
import { CountChart } from './charts';
import { byId, dateTime, h, replace } from './dom';
import { DEPARTMENTS, DEPARTMENT_NAMES, TIER_NAMES, URGENT_KIND_NAMES, label } from './labels';
import { ConnectionState, UrgentCase, UrgentFeed } from './live';

/** one page of the overdue list (a district's can run to thousands): the first, then more on request */
const OVERDUE_PAGE = 100;
/** the most a list answers at once (shared/paging.ts): a refresh re-reads at most this many rows */
const PAGE_MAX = 500;

const OVERDUE_FIELDS = /* GraphQL */ `
  fragment OverdueRow on DueVisit {
    cursor
    dueAt
    lastVisitAt
    reason
    tier
    subject {
      id
      name
      region {
        code
        name
      }
    }
  }
`;

/** everything counted on the server (people by tier and village, the backlog per department) in one query */
const OVERVIEW = /* GraphQL */ `
  query DashboardOverview($regionCode: String!, $first: Int!) {
    dashboardCounters(regionCode: $regionCode) {
      openUrgentCases
      overdueVisits
      pendingReferrals
      activeWarnings
      at
      underCare {
        total
        byTier {
          tier
          count
        }
        byVillage {
          count
          region {
            code
            name
          }
        }
      }
      pendingReferralsByDepartment {
        department
        count
      }
    }
    overdueVisits(regionCode: $regionCode, first: $first) {
      ...OverdueRow
    }
  }
  ${OVERDUE_FIELDS}
`;

const MORE_OVERDUE = /* GraphQL */ `
  query DashboardOverdue($regionCode: String!, $first: Int!, $after: String!) {
    overdueVisits(regionCode: $regionCode, first: $first, after: $after) {
      ...OverdueRow
    }
  }
  ${OVERDUE_FIELDS}
`;

/** the monthly tables (contract README): GET /reports/<table>.<csv|xlsx>?region=&month= */
const REPORT_TABLES: Array<[string, string]> = [
  ['qingpu-1', '青浦附表1 可能符合条件未申请'],
  ['qingpu-2', '青浦附表2 困难但不符合条件'],
  ['qingpu-3', '青浦附表3 已获救助'],
  ['qingpu-4', '青浦附表4 救助终止'],
  ['qianjiang-discoveries', '黔江 主动发现明细表'],
  ['hangtou-village', '航头 村级汇总表'],
];

interface DueVisit {
  cursor: string;
  dueAt: string;
  lastVisitAt: string | null;
  reason: string;
  tier: string | null;
  subject: { id: string; name?: string; region: { code: string; name: string } };
}

interface Overview {
  dashboardCounters: {
    openUrgentCases: number;
    overdueVisits: number;
    pendingReferrals: number;
    activeWarnings: number;
    at: string;
    underCare: {
      total: number;
      byTier: Array<{ tier: string; count: number }>;
      byVillage: Array<{ count: number; region: { code: string; name: string } }>;
    };
    pendingReferralsByDepartment: Array<{ department: (typeof DEPARTMENTS)[number]; count: number }>;
  };
  overdueVisits: DueVisit[];
}

/** the overdue list as shown: its rows so far, and how many are overdue in all */
const overdue = { region: '', shown: 0, total: 0, last: null as string | null, more: false };

let feed: UrgentFeed | null = null;
let refreshing: ReturnType<typeof setInterval> | undefined;
const charts: Record<string, CountChart> = {};

function regionCode(): string {
  return byId<HTMLInputElement>('region').value.trim();
}

function chart(id: string, kind: 'bar' | 'doughnut', seriesLabel: string): CountChart {
  return (charts[id] ??= new CountChart(byId<HTMLCanvasElement>(id), kind, seriesLabel));
}

function figures(tbodyId: string, rows: Array<[string, number]>): void {
  replace(
    byId(tbodyId),
    ...rows.map(([name, count]) => h('tr', {}, h('th', { scope: 'row' }, name), h('td', {}, count))),
  );
}

async function refresh(): Promise<void> {
  const region = regionCode();
  if (!/^\d{6}(\d{3}(\d{3})?)?$/.test(region)) {
    byId('overview-status').textContent = '请输入 6、9 或 12 位区划代码。';
    return;
  }
  // a refresh keeps as many overdue rows as were shown (up to one list's most)
  const first =
    region === overdue.region ? Math.min(PAGE_MAX, Math.max(OVERDUE_PAGE, overdue.shown)) : OVERDUE_PAGE;
  showOverview(region, first, await graphql<Overview>(OVERVIEW, { regionCode: region, first }));
}

function showOverview(region: string, first: number, { data, errors }: GraphQLResult<Overview>): void {
  byId('overview-status').textContent = errors ? `部分数据未能取得：${errorText(errors)}` : '';
  if (!data) return;
  const c = data.dashboardCounters;
  replace(
    byId('counters'),
    ...(
      [
        ['未走访的急难个案', c.openUrgentCases],
        ['逾期未走访', c.overdueVisits],
        ['待办转介', c.pendingReferrals],
        ['未处理预警', c.activeWarnings],
      ] as Array<[string, number]>
    ).map(([name, count]) => h('div', { class: 'counter' }, h('strong', {}, count), name)),
  );
  byId('counted-at').textContent = `统计时间 ${dateTime(c.at)}`;
  Object.assign(overdue, { region, shown: 0, total: c.overdueVisits, last: null });
  replace(byId('overdue-body'));
  showOverdue(data.overdueVisits, first);

  const tiers = c.underCare.byTier.map((t): [string, number] => [label(TIER_NAMES, t.tier), t.count]);
  byId('under-care').textContent = `走访对象共 ${c.underCare.total} 人`;
  chart('tier-chart', 'doughnut', '人数').show(
    tiers.map(([n]) => n),
    tiers.map(([, count]) => count),
  );
  figures('tier-figures', tiers);
  const villages = c.underCare.byVillage.map((v): [string, number] => [v.region.name, v.count]);
  const shown = villages.slice(0, 15);
  chart('village-chart', 'bar', '人数').show(
    shown.map(([n]) => n),
    shown.map(([, count]) => count),
  );
  figures('village-figures', villages);

  const backlog = c.pendingReferralsByDepartment.map((d): [string, number] => [
    DEPARTMENT_NAMES[d.department],
    d.count,
  ]);
  chart('backlog-chart', 'bar', '待受理转介').show(
    backlog.map(([n]) => n),
    backlog.map(([, count]) => count),
  );
  figures('backlog-figures', backlog);
}

/** Appends a page of the overdue list, and says how much of it is shown. */
function showOverdue(rows: DueVisit[], asked: number): void {
  byId('overdue-body').append(
    ...rows.map((v) =>
      h(
        'tr',
        {},
        h('th', { scope: 'row' }, v.subject.name ?? ''),
        h('td', {}, v.subject.region.name),
        h('td', {}, label(TIER_NAMES, v.tier)),
        h('td', {}, dateTime(v.dueAt)),
        h('td', {}, v.lastVisitAt ? dateTime(v.lastVisitAt) : '从未走访'),
        h('td', {}, v.reason),
      ),
    ),
  );
  overdue.shown += rows.length;
  overdue.last = rows.length ? rows[rows.length - 1].cursor : overdue.last;
  overdue.more = rows.length === asked;
  byId('overdue-empty').hidden = overdue.shown > 0;
  byId('overdue-more').hidden = !overdue.more;
  byId('overdue-note').textContent =
    overdue.shown === 0
      ? ''
      : overdue.more
        ? `逾期共 ${overdue.total} 人，按应访时间先后显示前 ${overdue.shown} 人。`
        : `逾期共 ${overdue.total} 人，已全部显示。`;
}

async function moreOverdue(): Promise<void> {
  const button = byId<HTMLButtonElement>('overdue-more');
  button.disabled = true;
  try {
    const { data, errors } = await graphql<{ overdueVisits: DueVisit[] }>(MORE_OVERDUE, {
      regionCode: overdue.region,
      first: OVERDUE_PAGE,
      after: overdue.last,
    });
    if (errors) byId('overview-status').textContent = `未能取得更多：${errorText(errors)}`;
    if (data) showOverdue(data.overdueVisits, OVERDUE_PAGE);
  } finally {
    button.disabled = false;
  }
}

function showCase(urgentCase: UrgentCase): void {
  const list = byId('urgent');
  byId('urgent-empty').hidden = true;
  const s = urgentCase.subject;
  const flags = [
    s?.disability && s.disability.grade <= 2 ? `重度残疾（${s.disability.grade} 级）` : null,
    s?.medical?.majorIllness ? '重大疾病' : null,
  ].filter(Boolean);
  for (const old of list.querySelectorAll('li.new')) old.classList.remove('new');
  list.prepend(
    h(
      'li',
      { class: 'new', 'data-case': urgentCase.id },
      h('strong', {}, `${label(URGENT_KIND_NAMES, urgentCase.kind)} · ${s?.name ?? '（不在辖区内）'}`),
      ` · ${s?.region.name ?? ''} · 发生于 ${dateTime(urgentCase.occurredAt)} · 须于 ${dateTime(urgentCase.visitDeadline)} 前走访`,
      flags.length ? ` · ${flags.join('、')}` : '',
      urgentCase.description ? ` — ${urgentCase.description}` : '',
    ),
  );
  void refresh().catch(() => {});
}

const STATE_TEXT: Record<ConnectionState, string> = {
  connecting: '实时推送：正在连接……',
  open: '实时推送：已连接',
  closed: '实时推送：连接中断，正在重连（重连后补发中断期间的个案）',
  offline: '实时推送：网络已断开，恢复后自动补发',
};

function showState(state: ConnectionState, detail?: string): void {
  const element = byId('connection');
  element.dataset.state = state;
  element.textContent = STATE_TEXT[state] + (detail ? `（${detail}）` : '');
}

function setUpReports(): void {
  const month = new Date(Date.now() - 30 * 86_400_000).toISOString().slice(0, 7);
  byId<HTMLInputElement>('report-month').value = month;
  replace(
    byId('reports-body'),
    ...REPORT_TABLES.map(([table, name]) =>
      h(
        'tr',
        {},
        h('th', { scope: 'row' }, name),
        h(
          'td',
          {},
          ...(['csv', 'xlsx'] as const).map((format) => {
            const button = h(
              'button',
              {
                type: 'button',
                class: 'secondary',
                'data-report': `${table}.${format}`,
                'aria-label': `下载${name}（${format.toUpperCase()}）`,
              },
              format.toUpperCase(),
            );
            button.addEventListener('click', () => void download(table, format));
            return button;
          }),
        ),
      ),
    ),
  );
}

async function download(table: string, format: 'csv' | 'xlsx'): Promise<void> {
  const status = byId('reports-status');
  const month = byId<HTMLInputElement>('report-month').value;
  const query = new URLSearchParams({ region: regionCode(), month });
  status.textContent = '正在生成……';
  try {
    status.textContent = `已下载 ${await downloadReport(`/reports/${table}.${format}?${query}`)}`;
  } catch (e) {
    status.textContent = `下载失败：${(e as Error).message}`;
  }
}

function start(): void {
  const token = currentToken()!;
  const region = byId<HTMLInputElement>('region');
  if (!region.value) region.value = currentClaims().region ?? claimsOf(token)?.region ?? '';
  feed?.stop();
  feed = new UrgentFeed({ token, regionCode: region.value || null, onCase: showCase, onState: showState });
  feed.start();
  clearInterval(refreshing);
  refreshing = setInterval(() => void refresh().catch(() => {}), 60_000);
  void refresh().catch((e) => (byId('overview-status').textContent = `出错了：${(e as Error).message}`));
}

byId('overdue-more').addEventListener('click', () => void moreOverdue());
byId<HTMLFormElement>('region-form').addEventListener('submit', (event) => {
  event.preventDefault();
  replace(byId('urgent'));
  byId('urgent-empty').hidden = false;
  start();
});
window.addEventListener(SIGNED_OUT, () => {
  feed?.stop();
  feed = null;
  clearInterval(refreshing);
});
setUpReports();
setUpSignIn(start);
