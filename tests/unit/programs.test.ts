import path from 'node:path';
import { loadProgramPack } from '../../shared/partner-programs';
import type { Facts } from '../../shared/policy/conditions';
import { decidePrograms, evaluatePrograms } from '../../shared/policy/programs';

const ROOT = path.resolve(__dirname, '../../subgraphs');
const pack = (subgraph: string) => loadProgramPack(path.join(ROOT, subgraph, 'programs'));
const packs = {
  civil: pack('civil-affairs'),
  disability: pack('disability'),
  union: pack('trade-union'),
  health: pack('health'),
  charity: pack('charity'),
};

/** a person in Rui'an (低保 line 1131, 低边 1697) with nothing special; every department answered */
const person = (over: Facts = {}): Facts => ({
  region: '330381101009',
  age: 45,
  activeAssistance: [],
  householdSize: 3,
  monthlyIncomePerCapita: 3000,
  recentMajorEvent: false,
  majorIllness: false,
  outOfPocketLast12Months: 0,
  insuranceType: 'RESIDENT',
  disabilityGrade: null,
  unionMember: null,
  difficultWorkerLevel: null,
  ...over,
});
const eligible = (p: keyof typeof packs, id: string, facts: Facts) =>
  evaluatePrograms(packs[p], facts).find((r) => r.id.endsWith(`:${id}`))!.eligible;

describe('program packs: every department’s rules on their boundaries', () => {
  it('低保: income strictly below the region’s line (Rui’an 1131, Shanghai 1510)', () => {
    expect(eligible('civil', 'dibao', person({ monthlyIncomePerCapita: 1130 }))).toBe(true);
    expect(eligible('civil', 'dibao', person({ monthlyIncomePerCapita: 1131 }))).toBe(false);
    expect(eligible('civil', 'dibao', person({ region: '310118001001', monthlyIncomePerCapita: 1500 }))).toBe(
      true,
    );
  });

  it('低边: up to 1.5 times the line and not already on 低保 or 特困', () => {
    expect(eligible('civil', 'dibian', person({ monthlyIncomePerCapita: 1697 }))).toBe(true);
    expect(eligible('civil', 'dibian', person({ monthlyIncomePerCapita: 1698 }))).toBe(false);
    expect(
      eligible('civil', 'dibian', person({ monthlyIncomePerCapita: 1000, activeAssistance: ['DIBAO'] })),
    ).toBe(false);
  });

  const threeNo = { noWorkCapacity: true, noLivingSource: true, noCapableSupporter: true };

  it('特困: 60 or over (59 is not), under 16, or grade 1-2 disability, with all three conditions', () => {
    expect(eligible('civil', 'tekun', person({ age: 60, ...threeNo }))).toBe(true);
    expect(eligible('civil', 'tekun', person({ age: 59, ...threeNo }))).toBe(false);
    expect(eligible('civil', 'tekun', person({ age: 15, ...threeNo }))).toBe(true);
    expect(eligible('civil', 'tekun', person({ age: 40, disabilityGrade: 2, ...threeNo }))).toBe(true);
  });

  it('特困: any one of 无劳动能力, 无生活来源, 无(有能力的)法定义务人 not holding is not eligible', () => {
    for (const fact of Object.keys(threeNo))
      expect(eligible('civil', 'tekun', person({ age: 75, ...threeNo, [fact]: false }))).toBe(false);
  });

  it('特困: a condition not recorded yet makes eligibility unknown (null), never true', () => {
    for (const fact of Object.keys(threeNo))
      expect(eligible('civil', 'tekun', person({ age: 75, ...threeNo, [fact]: undefined }))).toBeNull();
    expect(eligible('civil', 'tekun', person({ age: 75 }))).toBeNull();
  });

  it('支出型: 10,000 yuan out of pocket is enough, 9,999 is not', () => {
    expect(
      eligible(
        'civil',
        'expenditure',
        person({ outOfPocketLast12Months: 10000, monthlyIncomePerCapita: 1500 }),
      ),
    ).toBe(true);
    expect(
      eligible(
        'civil',
        'expenditure',
        person({ outOfPocketLast12Months: 9999, monthlyIncomePerCapita: 1500 }),
      ),
    ).toBe(false);
  });

  it('disability: care subsidy for grades 1-2 only; living subsidy needs a certificate and 低保/低边/特困', () => {
    expect(eligible('disability', 'care-subsidy', person({ disabilityGrade: 2 }))).toBe(true);
    expect(eligible('disability', 'care-subsidy', person({ disabilityGrade: 3 }))).toBe(false);
    expect(
      eligible('disability', 'living-subsidy', person({ disabilityGrade: 4, activeAssistance: ['DIBIAN'] })),
    ).toBe(true);
    expect(
      eligible(
        'disability',
        'living-subsidy',
        person({ disabilityGrade: 4, activeAssistance: ['LOW_INCOME'] }),
      ),
    ).toBe(false);
    expect(eligible('disability', 'rehabilitation', person({ disabilityGrade: null }))).toBe(false);
  });

  it('trade union: members under the local line (Rui’an 1697), or ill, get difficult-worker aid', () => {
    expect(
      eligible('union', 'difficult-worker-aid', person({ unionMember: true, monthlyIncomePerCapita: 1696 })),
    ).toBe(true);
    expect(
      eligible('union', 'difficult-worker-aid', person({ unionMember: true, monthlyIncomePerCapita: 1697 })),
    ).toBe(false);
    expect(eligible('union', 'difficult-worker-aid', person({ unionMember: true, majorIllness: true }))).toBe(
      true,
    );
    expect(eligible('union', 'difficult-worker-aid', person({ unionMember: null, majorIllness: true }))).toBe(
      false,
    );
    expect(
      eligible('union', 'education-aid', person({ difficultWorkerLevel: 'DEEP', householdSize: 2 })),
    ).toBe(true);
    expect(
      eligible('union', 'education-aid', person({ difficultWorkerLevel: 'DEEP', householdSize: 1 })),
    ).toBe(false);
  });

  it('health: medical assistance for 低保/特困/低边; premium subsidy not for employees’ insurance', () => {
    expect(eligible('health', 'medical-assistance', person({ activeAssistance: ['DIBIAN'] }))).toBe(true);
    expect(eligible('health', 'medical-assistance', person({ activeAssistance: ['LOW_INCOME'] }))).toBe(
      false,
    );
    expect(
      eligible(
        'health',
        'premium-subsidy',
        person({ activeAssistance: ['TEKUN'], insuranceType: 'EMPLOYEE' }),
      ),
    ).toBe(false);
    expect(eligible('health', 'major-illness-warning', person({ outOfPocketLast12Months: 10000 }))).toBe(
      true,
    );
    expect(eligible('health', 'major-illness-warning', person({ outOfPocketLast12Months: 9999.99 }))).toBe(
      false,
    );
  });

  it('charity: humanitarian aid after an urgent event or with a major illness; projects for assisted or low-income people', () => {
    expect(eligible('charity', 'humanitarian-aid', person({ recentMajorEvent: true }))).toBe(true);
    expect(eligible('charity', 'humanitarian-aid', person())).toBe(false);
    expect(eligible('charity', 'charity-project', person({ monthlyIncomePerCapita: 1697 }))).toBe(true);
    expect(eligible('charity', 'charity-project', person({ monthlyIncomePerCapita: 1698 }))).toBe(false);
  });

  it('says it cannot decide, instead of guessing, when a department did not answer', () => {
    const result = evaluatePrograms(packs.disability, person({ disabilityGrade: undefined })).find(
      (r) => r.id === 'DISABILITY:care-subsidy',
    )!;
    expect(result.eligible).toBeNull();
    expect(result.reasons[0]).toBe('无法判断：残疾等级为一级或二级（相关部门数据暂不可得）');
  });

  it('marks enrolment from the record (低保 active → enrolled in 低保)', () => {
    const [dibao] = evaluatePrograms(
      packs.civil,
      person({ activeAssistance: ['DIBAO'], monthlyIncomePerCapita: 800 }),
    );
    expect(dibao).toMatchObject({ id: 'CIVIL_AFFAIRS:dibao', eligible: true, enrolled: true });
  });

  it('decides exactly as it explains: decidePrograms gives evaluatePrograms’ answers without the reasons', () => {
    // every fact the packs read, each known, known absent (null) or unknown (undefined, a department down)
    const choices: Record<string, unknown[]> = {
      region: ['330381101009', '310118001001', '500114001001', '350102001001', ''],
      age: [10, 15, 16, 45, 59, 60, 75, undefined],
      activeAssistance: [[], ['DIBAO'], ['DIBIAN'], ['TEKUN'], ['LOW_INCOME', 'DIBAO'], undefined],
      householdSize: [1, 3, 5, undefined],
      monthlyIncomePerCapita: [0, 800, 1130, 1131, 1510, 1697, 1698, 2265, 3000, undefined],
      recentMajorEvent: [true, false, undefined],
      majorIllness: [true, false, null, undefined],
      outOfPocketLast12Months: [0, 9999, 10000, 50000, undefined],
      insuranceType: ['RESIDENT', 'EMPLOYEE', null, undefined],
      disabilityGrade: [1, 2, 3, 4, null, undefined],
      unionMember: [true, false, null, undefined],
      difficultWorkerLevel: ['DEEP', 'RELATIVE', null, undefined],
      noWorkCapacity: [true, false, undefined],
      noLivingSource: [true, false, undefined],
      noCapableSupporter: [true, false, undefined],
    };
    let seed = 7;
    const pick = <T>(list: T[]) => list[(seed = (seed * 48271) % 2147483647) % list.length];
    let decided = 0;
    for (let n = 0; n < 1000; n++) {
      const facts = Object.fromEntries(Object.entries(choices).map(([k, list]) => [k, pick(list)])) as Facts;
      for (const p of Object.values(packs)) {
        const enrolled = new Set(pick([[], [p.programs.map((x) => `${p.department}:${x.id}`)[0]]]));
        const explained = evaluatePrograms(p, facts, enrolled).map((r) => ({
          id: r.id,
          name: r.name,
          department: r.department,
          eligible: r.eligible,
          enrolled: r.enrolled,
        }));
        expect(decidePrograms(p, facts, enrolled)).toEqual(explained);
        decided += explained.filter((r) => r.eligible !== false).length;
      }
    }
    // the grid reaches every answer, not only "no"
    expect(decided).toBeGreaterThan(300);
  });
});
