import { readFileSync } from 'node:fs';
import path from 'node:path';
import { AppError } from '../../shared/errors';
import type { Facts } from '../../shared/policy/conditions';
import { addDuration } from '../../shared/policy/durations';
import { nextDue, templateOn } from '../../subgraphs/civil-affairs/src/modules/policy/engine';
import type { PolicyPack } from '../../subgraphs/civil-affairs/src/modules/policy/pack.schema';
import {
  SHIPPED_PACKS_DIR,
  validatePack,
} from '../../subgraphs/civil-affairs/src/modules/policy/policy.service';
import { UrgentCaseService } from '../../subgraphs/civil-affairs/src/modules/urgent-cases/urgent-case.service';
import {
  FindingsInput,
  checkFindings,
} from '../../subgraphs/civil-affairs/src/modules/visiting/visit-findings';
import {
  suggestionsFor,
  suspectedFrom,
} from '../../subgraphs/civil-affairs/src/modules/visiting/visit-needs';
import type { VisitEntity } from '../../subgraphs/civil-affairs/src/modules/visiting/visit.entity';

const load = (key: string): PolicyPack =>
  validatePack(JSON.parse(readFileSync(path.join(SHIPPED_PACKS_DIR, `${key}.json`), 'utf8')));
const packs = {
  ruian: load('ruian-2021'),
  fuzhou: load('fuzhou-2018'),
  qingpu: load('qingpu-2024'),
  qianjiang: load('qianjiang-2022'),
  hangtou: load('hangtou-2022'),
};
const all = Object.values(packs);

/** an open visit against the pack's template on an ordinary day */
const visitOf = (pack: PolicyPack, kind = 'CARE'): VisitEntity =>
  ({
    id: 'v',
    kind,
    startedAt: new Date('2026-11-20T09:00:00+08:00'),
    template: templateOn(pack, '2026-11-20'),
  }) as VisitEntity;
const end = (over: Partial<FindingsInput> = {}): FindingsInput => ({
  endedAt: '2026-11-20T10:00:00+08:00',
  findings: [{ dimension: 'health', status: 'CONCERN', note: '行动不便' }],
  ...over,
});
const everyDimension = (pack: PolicyPack) =>
  pack.template.dimensions.map((d) => ({ dimension: d.key, status: 'OK' as const }));
const refusal = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return (e as AppError).details;
  }
  throw new Error('accepted');
};

describe('visits as the documents ask (#13 point 3)', () => {
  it("Rui'an: a visit missing any of the six dimensions ends incomplete, naming them", () => {
    const checked = checkFindings(visitOf(packs.ruian), end(), packs.ruian);
    expect(checked.complete).toBe(false);
    expect(checked.missingDimensions).toEqual([
      'economy',
      'education',
      'housing',
      'employment',
      'socialParticipation',
    ]);
  });

  it("Rui'an: all six dimensions assessed make the visit complete", () => {
    const checked = checkFindings(
      visitOf(packs.ruian),
      end({ findings: everyDimension(packs.ruian) }),
      packs.ruian,
    );
    expect(checked).toMatchObject({ complete: true, missingDimensions: [] });
  });

  it('Fuzhou: a visit missing one of the six aspects is refused, naming the missing aspect', () => {
    const five = everyDimension(packs.fuzhou).filter((f) => f.dimension !== 'safety');
    expect(
      refusal(() => checkFindings(visitOf(packs.fuzhou), end({ findings: five }), packs.fuzhou)),
    ).toMatchObject({
      field: 'input.findings',
      reason: 'INCOMPLETE',
    });
    expect(
      checkFindings(visitOf(packs.fuzhou), end({ findings: everyDimension(packs.fuzhou) }), packs.fuzhou)
        .complete,
    ).toBe(true);
  });

  it('Qingpu, Qianjiang and Hangtou do not require every dimension: one finding is a complete visit', () => {
    for (const pack of [packs.qingpu, packs.qianjiang, packs.hangtou])
      expect(checkFindings(visitOf(pack), end(), pack).complete).toBe(true);
  });

  it("records a dimension's sub-items one by one, refusing one the template does not have", () => {
    const items = [
      { item: '罹患重病', status: 'CONCERN' as const, note: '肺癌术后' },
      { item: '心理状况', status: 'OK' as const },
    ];
    const checked = checkFindings(
      visitOf(packs.ruian),
      end({ findings: [{ dimension: 'health', status: 'CONCERN', note: '重病', items }] }),
      packs.ruian,
    );
    expect(checked.findings[0].items).toEqual([
      { item: '罹患重病', status: 'CONCERN', note: '肺癌术后' },
      { item: '心理状况', status: 'OK', note: null },
    ]);
    expect(
      refusal(() =>
        checkFindings(
          visitOf(packs.ruian),
          end({
            findings: [{ dimension: 'health', status: 'OK', items: [{ item: '燃气安全', status: 'OK' }] }],
          }),
          packs.ruian,
        ),
      ),
    ).toMatchObject({ field: 'input.findings[0].items[0].item', reason: 'UNKNOWN_ITEM' });
  });

  it('an URGENT sub-item opens an urgent case like an URGENT dimension', () => {
    const checked = checkFindings(
      visitOf(packs.ruian),
      end({
        findings: [
          {
            dimension: 'housing',
            status: 'CONCERN',
            note: '危房',
            items: [{ item: '居住环境安全', status: 'URGENT', note: '屋顶坍塌' }],
          },
        ],
      }),
      packs.ruian,
    );
    expect(checked.urgent).toBe(true);
  });

  it("Rui'an: co-visitors carry a role of the 党员 + 救助社工 + 网格员 team; another role is refused", () => {
    const team = [
      { name: '王党员', role: '党员' },
      { name: '李社工', role: '救助社工' },
      { name: '张网格', role: '网格员' },
    ];
    const checked = checkFindings(visitOf(packs.ruian), end({ team }), packs.ruian);
    expect(checked.team).toEqual(team);
    expect(checked.coVisitors).toEqual(['王党员', '李社工', '张网格']);
    expect(
      refusal(() =>
        checkFindings(visitOf(packs.ruian), end({ team: [{ name: '赵', role: '志愿者' }] }), packs.ruian),
      ),
    ).toMatchObject({ field: 'input.team[0].role', reason: 'UNKNOWN_ROLE' });
    // a pack naming no team takes any role
    expect(
      checkFindings(visitOf(packs.qingpu), end({ team: [{ name: '赵', role: '志愿者' }] }), packs.qingpu)
        .team,
    ).toHaveLength(1);
  });

  it("Rui'an: a 幸福清单 delivery needs photo and signature, assesses nothing, and counts as no care visit", () => {
    const delivery = visitOf(packs.ruian, 'HAPPINESS_LIST_DELIVERY');
    expect(
      refusal(() => checkFindings(delivery, end({ findings: [], signatureRef: 's.png' }), packs.ruian)),
    ).toMatchObject({
      field: 'input.photoRef',
      reason: 'REQUIRED',
    });
    expect(
      refusal(() => checkFindings(delivery, end({ findings: [], photoRef: 'p.jpg' }), packs.ruian)),
    ).toMatchObject({
      field: 'input.signatureRef',
    });
    const done = checkFindings(
      delivery,
      end({ findings: [], photoRef: 'p.jpg', signatureRef: 's.png' }),
      packs.ruian,
    );
    expect(done).toMatchObject({ complete: false, missingDimensions: [], findings: [] });
    expect(packs.ruian.visitKinds.map((k) => k.kind)).toEqual(['HAPPINESS_LIST_DELIVERY']);
    for (const pack of [packs.fuzhou, packs.qingpu, packs.qianjiang, packs.hangtou])
      expect(pack.visitKinds).toEqual([]);
  });

  it('needs found on a visit suggest a department, an outside agency, or a discovery', () => {
    expect(suggestionsFor(['MEDICAL', 'CARE', 'CHILD', 'NOPE'])).toMatchObject([
      { need: 'MEDICAL', department: 'HEALTH', suspectedAssistance: ['MEDICAL'] },
      { need: 'CARE', department: null, externalArea: 'ELDERLY_CARE' },
      { need: 'CHILD', externalArea: 'CHILD_PROTECTION' },
    ]);
    expect(suspectedFrom(['LIVING', 'MEDICAL', 'CARE'])).toEqual(['DIBAO', 'TEMPORARY', 'MEDICAL']);
  });
});

describe('referral follow-up, observation review and emergency numbers come from each pack (#13 points 4, 5, 7)', () => {
  it('every pack gives the follow-up window and overdue working days, marked where a platform default', () => {
    for (const pack of all) {
      expect(pack.referrals).toMatchObject({ overdueWorkingDays: 5, followUpWithin: 'P1M' });
      expect(pack.referrals.source).toContain('平台默认');
    }
    expect(packs.ruian.referrals.source).toContain('二(四)');
  });

  it('the observation list is reviewed monthly in Qianjiang (重点人群 每月), quarterly elsewhere as a marked default', () => {
    expect(packs.qianjiang.observation.reviewEvery).toBe('P1M');
    expect(packs.qianjiang.observation.source).toContain('二(一)');
    for (const pack of [packs.ruian, packs.fuzhou, packs.qingpu, packs.hangtou]) {
      expect(pack.observation.reviewEvery).toBe('P3M');
      expect(pack.observation.source).toContain('平台默认');
    }
  });

  it('a completed referral’s follow-up is the next due visit when it comes first', () => {
    const visited = new Date('2026-11-01T10:00:00+08:00');
    const followUp = addDuration(new Date('2026-11-05T10:00:00+08:00'), packs.ruian.referrals.followUpWithin);
    const due = nextDue(
      packs.ruian,
      'GENERAL',
      {
        registeredAt: visited,
        lastVisitAt: visited,
        openUrgentDeadlines: [],
        exitedAt: null,
        followUpsDue: [followUp],
      },
      {} as Facts,
      visited,
    );
    expect(due).toMatchObject({
      dueAt: followUp,
      reason: '转介后跟踪回访',
      source: packs.ruian.referrals.source,
    });
  });

  it("emergency reminders name the pack's numbers: Rui'an 110/120 only, Fuzhou adds 119 for fire", () => {
    const reminder = (kind: string, pack: PolicyPack) =>
      UrgentCaseService.prototype.emergencyReminder.call(null, kind, pack);
    expect(packs.ruian.urgentCases.emergencyNumbers).toEqual(['110', '120']);
    expect(reminder('SUDDEN_ILLNESS', packs.ruian)).toBe('危及生命请立即拨打 120');
    expect(reminder('FIRE', packs.ruian)).toBe('危及生命请立即拨打 110');
    expect(reminder('OTHER', packs.ruian)).toBe('危及生命请立即拨打 110 / 120');
    expect(reminder('FIRE', packs.fuzhou)).toBe('危及生命请立即拨打 119');
    for (const pack of all)
      for (const numbers of Object.values(pack.urgentCases.emergencyByKind))
        for (const n of numbers) expect(pack.urgentCases.emergencyNumbers).toContain(n);
  });

  it('refuses a pack whose emergencyByKind names a number it does not list', () => {
    const broken = JSON.parse(JSON.stringify(packs.ruian));
    broken.urgentCases.emergencyByKind.FIRE = ['119'];
    expect(refusal(() => validatePack(broken))).toMatchObject({
      field: 'document.urgentCases.emergencyByKind.FIRE[0]',
      reason: 'INVALID_PACK',
    });
  });

  it("Rui'an's urgent-case deadline is the pack's 24 h (四(二) 24小时内走访到位)", () => {
    expect(packs.ruian.urgentCases.visitWithin).toBe('PT24H');
  });
});
