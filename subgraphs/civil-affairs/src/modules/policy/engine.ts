/**
 * The one engine that reads visiting-care packs: tiers, visit intervals, the assessment template
 * of a date, deadlines in working days, exit revisits. Pure functions over a pack and facts; no
 * region is named here (STYLE.md habit 3).
 */
import { Facts, evaluate } from '../../../../../shared/policy/conditions';
import { addDuration, chinaDate } from '../../../../../shared/policy/durations';
import type { PolicyPack } from './pack.schema';

export type TierName = PolicyPack['tiers'][number]['tier'];

export interface TierDecision {
  tier: TierName;
  /** the rule's label, e.g. "70岁以上分散供养特困人员" */
  rule: string;
  source: string;
  /** false when a fact a higher rule needs was unavailable: the higher tier is taken to be safe */
  certain: boolean;
  unknownFacts: string[];
}

/**
 * The first rule that holds gives the tier. A rule that cannot be decided because a department did
 * not answer is taken as holding (visiting more often is the safe side), and the answer says so.
 */
export function decideTier(pack: PolicyPack, facts: Facts): TierDecision {
  for (const rule of pack.tiers) {
    const result = evaluate(rule.when, facts);
    if (result.value === false) continue;
    return {
      tier: rule.tier,
      rule: rule.label,
      source: rule.source,
      certain: result.value === true,
      unknownFacts: result.value === true ? [] : result.unknown,
    };
  }
  throw new Error(`pack ${pack.key} has no rule for these facts`); // the schema requires a final { always: true }
}

export interface TemplateDimension {
  key: string;
  label: string;
  items: string[];
}

/** The assessment template on `date` (YYYY-MM-DD, China time), with the seasonal items that apply. */
export function templateOn(
  pack: PolicyPack,
  date: string,
): { key: string; dimensions: TemplateDimension[]; seasons: string[] } {
  const md = date.slice(5);
  const seasons = pack.template.seasonal.filter((s) =>
    s.from <= s.to ? md >= s.from && md <= s.to : md >= s.from || md <= s.to,
  );
  const dimensions = pack.template.dimensions.map((d) => ({
    key: d.key,
    label: d.label,
    items: [...d.items, ...seasons.filter((s) => s.dimension === d.key).flatMap((s) => s.items)],
  }));
  return { key: pack.template.key, dimensions, seasons: seasons.map((s) => s.name) };
}

export function visitInterval(pack: PolicyPack, tier: TierName): string {
  return pack.visits.frequency[tier].every;
}

export function phoneAllowed(pack: PolicyPack, tier: TierName): boolean {
  return pack.visits.phoneAllowedFor.includes(tier);
}

/** `set` of calendar exceptions: date → working? (holidays false, 调休 weekend workdays true) */
export type Calendar = Map<string, boolean>;

export function isWorkingDay(date: string, calendar: Calendar): boolean {
  const listed = calendar.get(date);
  if (listed !== undefined) return listed;
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
  return weekday !== 0 && weekday !== 6;
}

/** The `n`th working day after `date` (the day itself does not count). */
export function addWorkingDays(date: string, n: number, calendar: Calendar): string {
  let d = new Date(`${date}T00:00:00Z`);
  let left = n;
  while (left > 0) {
    d = new Date(d.getTime() + 86_400_000);
    if (isWorkingDay(d.toISOString().slice(0, 10), calendar)) left--;
  }
  return d.toISOString().slice(0, 10);
}

/**
 * The last day the calendar knows: a State Council holiday notice covers a whole year, so the end of
 * the latest year it lists a day of (null: it lists none). Past it, only weekends are known days off.
 */
export function calendarEnd(calendar: Calendar): string | null {
  let last: string | null = null;
  for (const day of calendar.keys()) if (!last || day > last) last = day;
  return last ? `${last.slice(0, 4)}-12-31` : null;
}

/** A deadline in working days, and whether the calendar knew every day up to it. */
export interface WorkingDayDeadline {
  due: string;
  /** false when `due` falls past the last day the calendar knows: a holiday there may move it */
  certain: boolean;
}

export function workingDayDeadline(date: string, n: number, calendar: Calendar): WorkingDayDeadline {
  const due = addWorkingDays(date, n, calendar);
  const end = calendarEnd(calendar);
  return { due, certain: end !== null && due <= end };
}

/**
 * Fuzhou 2018 五(三) as the pack says it: a change found on `foundOn` is reported within
 * `changeReportWorkingDays`; the county's initial assistance plan is due `assistancePlanWorkingDays`
 * after the report (`reportedOn`), or, until the report is in, after its deadline (the latest it
 * can fall). Null when the pack sets no such deadline.
 */
export function changeDeadlines(
  pack: PolicyPack,
  foundOn: string,
  reportedOn: string | null,
  calendar: Calendar,
): { report: WorkingDayDeadline | null; plan: WorkingDayDeadline | null } {
  const reportDays = pack.deadlines?.changeReportWorkingDays;
  const planDays = pack.deadlines?.assistancePlanWorkingDays;
  const report = reportDays ? workingDayDeadline(foundOn, reportDays, calendar) : null;
  const planFrom = reportedOn ?? report?.due ?? foundOn;
  const plan = planDays ? workingDayDeadline(planFrom, planDays, calendar) : null;
  return { report, plan };
}

/** Where a change report stands on `today`: each step due, overdue (past its day), or done. */
export type ChangeState = 'REPORT_DUE' | 'REPORT_OVERDUE' | 'PLAN_DUE' | 'PLAN_OVERDUE' | 'DONE';

export function changeState(
  d: { reportDue: string | null; reportedOn: string | null; planDue: string | null; planOn: string | null },
  today: string,
): ChangeState {
  if (!d.reportedOn && d.reportDue) return today > d.reportDue ? 'REPORT_OVERDUE' : 'REPORT_DUE';
  if (!d.planOn && d.planDue) return today > d.planDue ? 'PLAN_OVERDUE' : 'PLAN_DUE';
  return 'DONE';
}

/**
 * The roles still to sign a visit's result (Fuzhou 2018 五(一)): every role the pack named when the
 * visit started and nobody has signed as; none where the pack names none.
 */
export function missingSignOffs(
  required: readonly string[],
  signed: ReadonlyArray<{ role: string }>,
): string[] {
  const done = new Set(signed.map((s) => s.role));
  return required.filter((r) => !done.has(r));
}

/** How many days are left before the calendar runs out, and the admin's warning when within `warnDays`. */
export function calendarWarning(calendar: Calendar, today: string, warnDays: number): string | null {
  const end = calendarEnd(calendar);
  if (!end)
    return 'working-day calendar lists no days: working-day deadlines are not certain; load the holiday notices (setCalendarDay)';
  const left = Math.round((Date.parse(`${end}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / 86_400_000);
  if (left > warnDays) return null;
  return left < 0
    ? `working-day calendar ended on ${end}: deadlines after it are not certain; load the next year's holiday notice (setCalendarDay)`
    : `working-day calendar ends on ${end} (${left} days left): load the next year's holiday notice (setCalendarDay) before then`;
}

export interface VisitHistory {
  registeredAt: Date;
  lastVisitAt: Date | null;
  /** urgent cases not yet followed by a visit */
  openUrgentDeadlines: Date[];
  /** the end date of the latest assistance when none is active any more */
  exitedAt: Date | null;
  /** 跟踪回访: due dates of completed referrals not followed up yet */
  followUpsDue?: Date[];
}

export interface DueDecision {
  dueAt: Date | null;
  reason: string;
  source: string;
}

/**
 * When the next visit is due: an open urgent case's deadline first; for exited subjects the pack's
 * revisit schedule (none once it has run out); otherwise the tier's interval after the last visit,
 * or the first-visit allowance after registration.
 */
export function nextDue(
  pack: PolicyPack,
  tier: TierName,
  history: VisitHistory,
  facts: Facts,
  now: Date,
): DueDecision {
  const candidates: DueDecision[] = [];
  for (const deadline of history.openUrgentDeadlines) {
    candidates.push({ dueAt: deadline, reason: '急难事件后限时走访', source: pack.urgentCases.source });
  }
  for (const deadline of history.followUpsDue ?? []) {
    candidates.push({ dueAt: deadline, reason: '转介后跟踪回访', source: pack.referrals.source });
  }
  if (history.exitedAt && pack.exitRevisit) {
    const rule = pack.exitRevisit;
    const end = addDuration(history.exitedAt, rule.until.after);
    const stable = rule.until.when ? evaluate(rule.until.when, facts).value === true : true;
    const finished = now >= end && stable;
    if (!finished) {
      const visitedSinceExit = history.lastVisitAt && history.lastVisitAt >= history.exitedAt;
      candidates.push(
        visitedSinceExit
          ? {
              dueAt: addDuration(history.lastVisitAt!, rule.every),
              reason: '退出保障后定期回访',
              source: rule.source,
            }
          : {
              dueAt: addDuration(history.exitedAt, rule.firstWithin),
              reason: '退出保障后首次回访',
              source: rule.source,
            },
      );
    }
  } else {
    const every = visitInterval(pack, tier);
    candidates.push(
      history.lastVisitAt
        ? {
            dueAt: addDuration(history.lastVisitAt, every),
            reason: `按${tier}频次定期走访`,
            source: pack.visits.frequency[tier].source,
          }
        : {
            dueAt: addDuration(history.registeredAt, pack.visits.firstVisitWithin),
            reason: '登记后首次走访',
            source: pack.visits.frequency[tier].source,
          },
    );
  }
  const dated = candidates.filter((c) => c.dueAt);
  if (!dated.length)
    return {
      dueAt: null,
      reason: '回访期满且收入稳定，不再定期回访',
      source: pack.exitRevisit?.source ?? '',
    };
  return dated.reduce((a, b) => (b.dueAt! < a.dueAt! ? b : a));
}

export { chinaDate };
