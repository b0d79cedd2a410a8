import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import type { Facts } from '../../shared/policy/conditions';
import { addDuration } from '../../shared/policy/durations';
import { AppError } from '../../shared/errors';
import {
  addWorkingDays,
  decideTier,
  nextDue,
  templateOn,
} from '../../subgraphs/civil-affairs/src/modules/policy/engine';
import type { PolicyPack } from '../../subgraphs/civil-affairs/src/modules/policy/pack.schema';
import {
  SHIPPED_PACKS_DIR,
  validatePack,
} from '../../subgraphs/civil-affairs/src/modules/policy/policy.service';

const load = (key: string): PolicyPack =>
  validatePack(JSON.parse(readFileSync(path.join(SHIPPED_PACKS_DIR, `${key}.json`), 'utf8')));
const ruian = load('ruian-2021');
const fuzhou = load('fuzhou-2018');
const qingpu = load('qingpu-2024');
const qianjiang = load('qianjiang-2022');
const hangtou = load('hangtou-2022');

/** a registered person with nothing special; department facts known and empty */
const person = (over: Facts = {}): Facts => ({
  age: 45,
  sex: 'FEMALE',
  activeAssistance: [],
  exitedAssistance: [],
  livingAlone: false,
  dispersedSupport: false,
  stableIncome: false,
  situations: [],
  recentMajorEvent: false,
  majorIllness: false,
  disabilityGrade: null,
  householdSize: 3,
  monthlyIncomePerCapita: 900,
  ...over,
});

describe('shipped policy packs', () => {
  it('all five validate against the pack schema', () => {
    const files = readdirSync(SHIPPED_PACKS_DIR).filter((f) => f.endsWith('.json'));
    expect(files.sort()).toEqual([
      'fuzhou-2018.json',
      'hangtou-2022.json',
      'qianjiang-2022.json',
      'qingpu-2024.json',
      'ruian-2021.json',
    ]);
    for (const f of files) expect(() => load(f.replace('.json', ''))).not.toThrow();
  });

  it('carry a source on every tier rule', () => {
    for (const pack of [ruian, fuzhou, qingpu, qianjiang, hangtou]) {
      for (const rule of pack.tiers) expect(rule.source.length).toBeGreaterThan(3);
    }
  });

  it('refuse a pack whose last tier rule is not "always", naming the path', () => {
    const broken = JSON.parse(JSON.stringify(ruian));
    broken.tiers = broken.tiers.slice(0, 1);
    try {
      validatePack(broken);
      throw new Error('accepted');
    } catch (e) {
      expect((e as AppError).details).toMatchObject({
        field: 'document.tiers[0].when',
        reason: 'INVALID_PACK',
      });
    }
  });

  it('refuse an unknown field, naming it', () => {
    try {
      validatePack({ ...ruian, visits: { ...ruian.visits, frequncy: {} } });
      throw new Error('accepted');
    } catch (e) {
      expect((e as AppError).details.field).toBe('document.visits');
    }
  });
});

describe("Rui'an 2021 tiers (瑞救办〔2021〕5号 三)", () => {
  const tier = (f: Facts) => decideTier(ruian, person(f)).tier;
  it('dispersed 特困 aged 70 is high-risk, aged 69 is key', () => {
    expect(tier({ age: 70, activeAssistance: ['TEKUN'], dispersedSupport: true })).toBe('HIGH_RISK');
    expect(tier({ age: 69, activeAssistance: ['TEKUN'], dispersedSupport: true })).toBe('KEY');
  });
  it('低保 after a recent major event is high-risk; without one it is general', () => {
    expect(tier({ activeAssistance: ['DIBAO'], recentMajorEvent: true })).toBe('HIGH_RISK');
    expect(tier({ activeAssistance: ['DIBIAN'], recentMajorEvent: true })).toBe('HIGH_RISK');
    expect(tier({ activeAssistance: ['DIBAO'] })).toBe('GENERAL');
  });
  it('serious illness or grade 1-2 disability is key; grade 3 is not', () => {
    expect(tier({ majorIllness: true })).toBe('KEY');
    expect(tier({ disabilityGrade: 2 })).toBe('KEY');
    expect(tier({ disabilityGrade: 3 })).toBe('GENERAL');
  });
  it('living alone at 60 is key, at 59 general', () => {
    expect(tier({ age: 60, livingAlone: true })).toBe('KEY');
    expect(tier({ age: 59, livingAlone: true })).toBe('GENERAL');
  });
  it('scattered orphans are key', () => {
    expect(tier({ age: 9, situations: ['ORPHAN_SCATTERED'] })).toBe('KEY');
  });
  it('takes the higher tier, and says so, when the health department could not answer', () => {
    const decision = decideTier(ruian, person({ majorIllness: undefined }));
    expect(decision).toMatchObject({ tier: 'KEY', certain: false });
    expect(decision.unknownFacts.length).toBeGreaterThan(0);
  });
  it('visits high-risk weekly, key monthly, general quarterly, and within 24 h of an event', () => {
    expect(ruian.visits.frequency.HIGH_RISK.every).toBe('P7D');
    expect(ruian.visits.frequency.KEY.every).toBe('P1M');
    expect(ruian.visits.frequency.GENERAL.every).toBe('P3M');
    expect(ruian.urgentCases.visitWithin).toBe('PT24H');
  });
  it('checks the six dimensions', () => {
    expect(templateOn(ruian, '2026-07-01').dimensions.map((d) => d.key)).toEqual([
      'economy',
      'health',
      'education',
      'housing',
      'employment',
      'socialParticipation',
    ]);
  });
});

describe('Fuzhou 2018 (巡访制度)', () => {
  it('低保 and 特困 are key, visited at least quarterly; others at least half-yearly', () => {
    expect(decideTier(fuzhou, person({ activeAssistance: ['DIBAO'] })).tier).toBe('KEY');
    expect(decideTier(fuzhou, person({ activeAssistance: ['TEKUN'] })).tier).toBe('KEY');
    expect(decideTier(fuzhou, person({ age: 80, livingAlone: true })).tier).toBe('GENERAL');
    expect(fuzhou.visits.frequency.KEY.every).toBe('P3M');
    expect(fuzhou.visits.frequency.GENERAL.every).toBe('P6M');
  });

  const safety = (date: string) => templateOn(fuzhou, date).dimensions.find((d) => d.key === 'safety')!.items;
  it('adds wiring and flood checks in flood season only', () => {
    expect(safety('2026-04-15').join()).toMatch(/防汛/);
    expect(safety('2026-10-15').join()).toMatch(/防汛/);
    expect(safety('2026-04-14').join()).not.toMatch(/防汛/);
    expect(safety('2026-10-16').join()).not.toMatch(/防汛/);
  });
  it('adds indoor temperature and heating in winter, across the year end', () => {
    expect(safety('2026-12-01').join()).toMatch(/取暖/);
    expect(safety('2027-01-15').join()).toMatch(/室内温度/);
    expect(safety('2027-02-28').join()).toMatch(/取暖/);
    expect(safety('2026-11-30').join()).not.toMatch(/取暖/);
    expect(safety('2027-03-01').join()).not.toMatch(/取暖/);
  });
  it('reports a change within 2 working days and plans within 3, skipping the National Day holiday', () => {
    const calendar = new Map<string, boolean>();
    for (let d = 1; d <= 7; d++) calendar.set(`2026-10-0${d}`, false);
    calendar.set('2026-10-10', true); // 调休: Saturday worked
    expect(addWorkingDays('2026-09-30', fuzhou.deadlines!.changeReportWorkingDays!, calendar)).toBe(
      '2026-10-09',
    );
    expect(addWorkingDays('2026-09-30', fuzhou.deadlines!.assistancePlanWorkingDays!, calendar)).toBe(
      '2026-10-10',
    );
    expect(addWorkingDays('2026-11-25', 2, calendar)).toBe('2026-11-27');
    expect(addWorkingDays('2026-11-27', 2, calendar)).toBe('2026-12-01');
  });
});

describe('Qingpu 2024 exit revisits (青民〔2024〕25号 三.1)', () => {
  const exited = new Date('2026-01-15T00:00:00+08:00');
  const base = {
    registeredAt: new Date('2020-01-01T00:00:00+08:00'),
    openUrgentDeadlines: [],
    exitedAt: exited,
  };
  const facts = person({ exitedAssistance: ['DIBAO'] });
  it('revisits in the first month after exit', () => {
    const due = nextDue(
      qingpu,
      'GENERAL',
      { ...base, lastVisitAt: null },
      facts,
      new Date('2026-01-20T00:00:00+08:00'),
    );
    expect(due.dueAt).toEqual(new Date('2026-02-15T00:00:00+08:00'));
  });
  it('then every 3 months after the last revisit', () => {
    const last = new Date('2026-03-01T10:00:00+08:00');
    const due = nextDue(
      qingpu,
      'GENERAL',
      { ...base, lastVisitAt: last },
      facts,
      new Date('2026-03-02T00:00:00+08:00'),
    );
    expect(due.dueAt).toEqual(addDuration(last, 'P3M'));
  });
  it('stops a year after exit once income is stable, not before', () => {
    const later = new Date('2027-01-20T00:00:00+08:00');
    const last = new Date('2026-12-01T00:00:00+08:00');
    expect(
      nextDue(qingpu, 'GENERAL', { ...base, lastVisitAt: last }, { ...facts, stableIncome: true }, later)
        .dueAt,
    ).toBeNull();
    expect(nextDue(qingpu, 'GENERAL', { ...base, lastVisitAt: last }, facts, later).dueAt).not.toBeNull();
    const early = new Date('2026-12-20T00:00:00+08:00');
    expect(
      nextDue(qingpu, 'GENERAL', { ...base, lastVisitAt: last }, { ...facts, stableIncome: true }, early)
        .dueAt,
    ).not.toBeNull();
  });
  it('visits by hardship level: monthly, quarterly, half-yearly', () => {
    expect(decideTier(qingpu, person({ activeAssistance: ['DIBAO'], majorIllness: true })).tier).toBe(
      'HIGH_RISK',
    );
    expect(decideTier(qingpu, person({ activeAssistance: ['DIBAO'] })).tier).toBe('KEY');
    expect(decideTier(qingpu, person({ activeAssistance: ['DIBIAN'] })).tier).toBe('GENERAL');
    expect([
      qingpu.visits.frequency.HIGH_RISK.every,
      qingpu.visits.frequency.KEY.every,
      qingpu.visits.frequency.GENERAL.every,
    ]).toEqual(['P1M', 'P3M', 'P6M']);
  });
});

describe('Qianjiang 2022 and Hangtou 2022', () => {
  it('Qianjiang visits its key roster at least monthly and asks one coordinator per village', () => {
    expect(qianjiang.visits.frequency.KEY.every).toBe('P1M');
    expect(decideTier(qianjiang, person({ activeAssistance: ['DIBIAN'] })).tier).toBe('KEY');
    expect(qianjiang.coordinators?.minPerVillage).toBe(1);
  });
  it('Hangtou treats a recent major event as high-risk', () => {
    expect(decideTier(hangtou, person({ activeAssistance: ['DIBAO'], recentMajorEvent: true })).tier).toBe(
      'HIGH_RISK',
    );
  });
});

describe('next due visit', () => {
  it('is the tier interval after the last visit, or the first-visit allowance after registration', () => {
    const registeredAt = new Date('2026-11-01T09:00:00+08:00');
    const never = nextDue(
      ruian,
      'KEY',
      { registeredAt, lastVisitAt: null, openUrgentDeadlines: [], exitedAt: null },
      person(),
      registeredAt,
    );
    expect(never.dueAt).toEqual(addDuration(registeredAt, ruian.visits.firstVisitWithin));
    const last = new Date('2026-01-31T10:00:00+08:00');
    const monthly = nextDue(
      ruian,
      'KEY',
      { registeredAt, lastVisitAt: last, openUrgentDeadlines: [], exitedAt: null },
      person(),
      last,
    );
    expect(monthly.dueAt).toEqual(new Date('2026-02-28T10:00:00+08:00'));
  });
  it('is an open urgent case’s deadline when that comes first', () => {
    const deadline = new Date('2026-11-26T03:10:00+08:00');
    const due = nextDue(
      ruian,
      'GENERAL',
      {
        registeredAt: new Date('2026-01-01'),
        lastVisitAt: new Date('2026-11-20T00:00:00+08:00'),
        openUrgentDeadlines: [deadline],
        exitedAt: null,
      },
      person(),
      new Date(),
    );
    expect(due.dueAt).toEqual(deadline);
    expect(due.reason).toMatch(/急难/);
  });
});

describe('next due dates per seed pack, after a visit on 31 January 2026', () => {
  const last = new Date('2026-01-31T10:00:00+08:00');
  const history = {
    registeredAt: new Date('2025-01-01T00:00:00+08:00'),
    lastVisitAt: last,
    openUrgentDeadlines: [],
    exitedAt: null,
  };
  const due = (pack: PolicyPack, tier: 'HIGH_RISK' | 'KEY' | 'GENERAL') =>
    nextDue(pack, tier, history, person(), last).dueAt!.toISOString();
  it.each([
    ['ruian-2021', ruian, ['2026-02-07', '2026-02-28', '2026-04-30']],
    ['fuzhou-2018', fuzhou, ['2026-02-07', '2026-04-30', '2026-07-31']],
    ['qingpu-2024', qingpu, ['2026-02-28', '2026-04-30', '2026-07-31']],
    ['qianjiang-2022', qianjiang, ['2026-02-07', '2026-02-28', '2026-04-30']],
    ['hangtou-2022', hangtou, ['2026-02-07', '2026-02-28', '2026-04-30']],
  ] as const)('%s: high-risk, key, general', (_key, pack, [high, key, general]) => {
    const at = (d: string) => new Date(`${d}T10:00:00+08:00`).toISOString();
    expect([due(pack, 'HIGH_RISK'), due(pack, 'KEY'), due(pack, 'GENERAL')]).toEqual([
      at(high),
      at(key),
      at(general),
    ]);
  });

  it('Hangtou and Qianjiang: age boundaries of the tier rules', () => {
    expect(
      decideTier(hangtou, person({ age: 70, activeAssistance: ['TEKUN'], dispersedSupport: true })).tier,
    ).toBe('HIGH_RISK');
    expect(
      decideTier(hangtou, person({ age: 69, activeAssistance: ['TEKUN'], dispersedSupport: true })).tier,
    ).toBe('KEY');
    expect(
      decideTier(qianjiang, person({ age: 60, livingAlone: true, activeAssistance: ['DIBAO'] })).tier,
    ).toBe('KEY');
    expect(
      decideTier(qianjiang, person({ age: 59, livingAlone: true, activeAssistance: ['DIBAO'] })).tier,
    ).toBe('GENERAL');
  });
});
