import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Facts, evaluate } from '../../shared/policy/conditions';
import {
  Calendar,
  calendarEnd,
  calendarWarning,
  changeDeadlines,
  changeState,
  missingSignOffs,
  workingDayDeadline,
} from '../../subgraphs/civil-affairs/src/modules/policy/engine';
import type { PolicyPack } from '../../subgraphs/civil-affairs/src/modules/policy/pack.schema';
import {
  SHIPPED_PACKS_DIR,
  validatePack,
} from '../../subgraphs/civil-affairs/src/modules/policy/policy.service';

const load = (key: string): PolicyPack =>
  validatePack(JSON.parse(readFileSync(path.join(SHIPPED_PACKS_DIR, `${key}.json`), 'utf8')));
const PACKS = {
  ruian: load('ruian-2021'),
  qingpu: load('qingpu-2024'),
  hangtou: load('hangtou-2022'),
  qianjiang: load('qianjiang-2022'),
  fuzhou: load('fuzhou-2018'),
};
const { fuzhou, hangtou } = PACKS;
const others = Object.entries(PACKS).filter(([k]) => k !== 'fuzhou');

/** the 2026 notice's National Day week and the weekend worked after it, as the calendar table has them */
const calendar2026: Calendar = new Map([
  ...['01', '02', '03', '04', '05', '06', '07'].map((d) => [`2026-10-${d}`, false] as [string, boolean]),
  ['2026-10-10', true],
]);

describe('working-day calendar: what it knows and how long', () => {
  it('knows every day of the last year its holiday notices list', () => {
    expect(calendarEnd(calendar2026)).toBe('2026-12-31');
    expect(calendarEnd(new Map())).toBeNull();
  });

  it('marks a deadline inside the calendar certain, and one past its last day not certain', () => {
    expect(workingDayDeadline('2026-12-28', 2, calendar2026)).toEqual({ due: '2026-12-30', certain: true });
    expect(workingDayDeadline('2026-12-30', 2, calendar2026)).toEqual({ due: '2027-01-01', certain: false });
    expect(workingDayDeadline('2026-06-01', 1, new Map())).toEqual({ due: '2026-06-02', certain: false });
  });

  it('warns within 60 days of the end (today, 2 December 2026), not before, and says when it has ended', () => {
    expect(calendarWarning(calendar2026, '2026-12-02', 60)).toMatch(/ends on 2026-12-31 \(29 days left\)/);
    expect(calendarWarning(calendar2026, '2026-11-01', 60)).toMatch(/60 days left/);
    expect(calendarWarning(calendar2026, '2026-10-31', 60)).toBeNull();
    expect(calendarWarning(calendar2026, '2027-01-05', 60)).toMatch(/ended on 2026-12-31/);
    expect(calendarWarning(new Map(), '2026-12-02', 60)).toMatch(/lists no days/);
  });
});

describe('Fuzhou 2018 五(三): change report in 2 working days, the initial plan 3 after the report', () => {
  it('reads both deadlines from the pack, across the National Day holiday', () => {
    const d = changeDeadlines(fuzhou, '2026-09-30', null, calendar2026);
    expect(d.report).toEqual({ due: '2026-10-09', certain: true });
    // not yet reported: 3 working days after the report's deadline (10-10 is a weekend worked)
    expect(d.plan).toEqual({ due: '2026-10-13', certain: true });
  });

  it('counts the plan from the day the change was reported', () => {
    const d = changeDeadlines(fuzhou, '2026-11-20', '2026-11-23', calendar2026);
    expect(d.report!.due).toBe('2026-11-24');
    expect(d.plan).toEqual({ due: '2026-11-26', certain: true });
  });

  it('marks the plan not certain when it falls past the calendar', () => {
    expect(changeDeadlines(fuzhou, '2026-12-28', null, calendar2026)).toEqual({
      report: { due: '2026-12-30', certain: true },
      plan: { due: '2027-01-04', certain: false },
    });
  });

  it.each(others)('%s sets no change-report deadlines', (_key, pack) => {
    expect(changeDeadlines(pack, '2026-11-20', null, calendar2026)).toEqual({ report: null, plan: null });
  });

  it('moves through report due → overdue → plan due → overdue → done', () => {
    const open = { reportDue: '2026-11-24', reportedOn: null, planDue: '2026-11-27', planOn: null };
    expect(changeState(open, '2026-11-24')).toBe('REPORT_DUE');
    expect(changeState(open, '2026-11-25')).toBe('REPORT_OVERDUE');
    const reported = { ...open, reportedOn: '2026-11-25', planDue: '2026-11-28' };
    expect(changeState(reported, '2026-11-28')).toBe('PLAN_DUE');
    expect(changeState(reported, '2026-11-30')).toBe('PLAN_OVERDUE');
    expect(changeState({ ...reported, planOn: '2026-12-01' }, '2026-12-09')).toBe('DONE');
  });
});

describe('Fuzhou 2018 五(一): sign-off roles', () => {
  it('names 村（居）主任, 包村干部 and 乡镇（街道）主要负责人; each is missing until signed', () => {
    const roles = fuzhou.signOff!.roles;
    expect(roles).toEqual(['村（居）主任', '包村干部', '乡镇（街道）主要负责人']);
    expect(missingSignOffs(roles, [])).toEqual(roles);
    expect(missingSignOffs(roles, [{ role: '包村干部' }])).toEqual([
      '村（居）主任',
      '乡镇（街道）主要负责人',
    ]);
    expect(
      missingSignOffs(
        roles,
        roles.map((role) => ({ role })),
      ),
    ).toEqual([]);
  });

  it.each(others)('%s names no roles: nothing is missing once a visit ends', (_key, pack) => {
    expect(pack.signOff?.roles ?? []).toEqual([]);
    expect(missingSignOffs(pack.signOff?.roles ?? [], [])).toEqual([]);
  });
});

describe('Hangtou 2022 三(一)2(1): household changes that raise an early warning', () => {
  const raised = (pack: PolicyPack, change: Facts) =>
    pack.earlyWarnings.filter((w) => evaluate(w.when, change).value === true).map((w) => w.key);

  it('warns of growth when a member joins or the household grows', () => {
    expect(raised(hangtou, { membersJoined: 1, householdSizeChange: 1 })).toEqual(['householdGrew']);
    expect(raised(hangtou, { membersJoined: 1 })).toEqual(['householdGrew']);
  });

  it('warns of shrinkage when a member leaves, even if the size was already counted', () => {
    expect(raised(hangtou, { membersLeft: 1 })).toEqual(['householdShrank']);
    expect(raised(hangtou, { householdSizeChange: -2 })).toEqual(['householdShrank']);
  });

  it('warns of a change of marital status or employment, and of an income drop of 30% or more', () => {
    expect(raised(hangtou, { maritalStatusChanged: true })).toEqual(['maritalChange']);
    expect(raised(hangtou, { employmentChanged: true })).toEqual(['employmentChange']);
    expect(raised(hangtou, { incomeDropPercent: 30 })).toEqual(['incomeDrop']);
    expect(raised(hangtou, { incomeDropPercent: 10 })).toEqual([]);
  });

  it('marks every threshold the document does not give as a platform default', () => {
    for (const w of hangtou.earlyWarnings) expect(w.source).toMatch(/平台默认/);
  });

  it.each(others.filter(([k]) => k !== 'hangtou'))('%s raises no early warnings', (_key, pack) => {
    expect(raised(pack, { membersJoined: 1, membersLeft: 1, maritalStatusChanged: true })).toEqual([]);
  });
});
