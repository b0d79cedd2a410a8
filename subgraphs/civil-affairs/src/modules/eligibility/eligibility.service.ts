import { DEPARTMENTS, Department } from '../../../../../shared/departments';
import type { Facts } from '../../../../../shared/policy/conditions';
import {
  ProgramDecision,
  ProgramPack,
  ProgramResult,
  decidePrograms,
  evaluatePrograms,
} from '../../../../../shared/policy/programs';
import type { PolicySnapshot } from '../policy/policy.service';
import { SubjectRecord, subjectFacts } from '../standing/facts';
import type { PartnerClient } from '../standing/partner.client';
import { recentWindow } from '../standing/standing.rules';

export const PARTNERS = [
  Department.DISABILITY,
  Department.TRADE_UNION,
  Department.HEALTH,
  Department.CHARITY,
];

/** Each partner's program answers as the gateway brought them (`@requires`): null when it was down. */
export type PartnerAnswers = Partial<Record<Department, ProgramResult[] | null>>;

/**
 * Cross-line eligibility (一门受理、协同办理): civil affairs' own programs evaluated here on the
 * subject's facts; each partner's evaluated by that partner on the facts it `@requires`, and brought
 * here by the gateway's query plan. A department that could not answer appears as one line that
 * says so; rules that need its facts answer "无法判断" instead of guessing.
 */
export class EligibilityService {
  constructor(private readonly pack: ProgramPack) {}

  /** The facts of a record as of `now`, as partners' rules read them (eligibilityFacts). */
  facts(record: SubjectRecord, policy: PolicySnapshot, now = new Date()): Facts {
    return subjectFacts(record, recentWindow(policy.packFor(record.subject.registeredRegionCode)?.pack), now);
  }

  /**
   * The facts other departments' rules read (`eligibilityFacts`): without the subject's consent to
   * share economic data the income figure is left out, so a rule that needs it answers undecided.
   */
  sharedFacts(record: SubjectRecord, policy: PolicySnapshot, consent: boolean, now = new Date()): Facts {
    return this.shareable(this.facts(record, policy, now), consent);
  }

  /** `sharedFacts` of facts already worked out (`facts`). */
  shareable(facts: Facts, consent: boolean): Facts {
    if (consent) return facts;
    // left out, not null: null would say "known to be absent"; missing makes the rule undecided
    const { monthlyIncomePerCapita: _withheld, ...shared } = facts;
    return { ...shared, economicDataWithheld: true };
  }

  /**
   * For a referral (a write): civil affairs' programs and, when the program is a partner's, that
   * department's answers asked of it directly with civil affairs' service credential.
   */
  async programsFor(
    idNumber: string,
    facts: Facts,
    department: string,
    partners: PartnerClient,
  ): Promise<ProgramResult[]> {
    const partner = PARTNERS.find((d) => d === department);
    if (!partner) return this.answer(facts, {});
    const answers = await partners.programs(partner, idNumber, facts).catch(() => null);
    return this.answer(facts, { [partner]: answers });
  }

  /** Civil affairs' own programs alone. */
  own(facts: Facts): ProgramResult[] {
    return evaluatePrograms(this.pack, facts);
  }

  /** `own` without the reasons: what the monthly reports print (and decide Qingpu's tables 1 and 2 on). */
  ownDecisions(facts: Facts): ProgramDecision[] {
    return decidePrograms(this.pack, facts);
  }

  /** The whole list: civil affairs' programs, then each partner's answers in department order. */
  answer(facts: Facts, partners: PartnerAnswers): ProgramResult[] {
    return [
      ...this.own(facts),
      ...PARTNERS.flatMap((department) => partners[department] ?? [unavailable(department)]),
    ];
  }
}

function unavailable(department: Department): ProgramResult {
  const label = DEPARTMENTS.find((d) => d.department === department)!.label;
  return {
    id: `${department}:*`,
    name: `${label}的帮扶项目`,
    department,
    description: `${label}服务暂不可用`,
    source: '',
    eligible: null,
    enrolled: false,
    reasons: [`${label}服务暂不可用，无法判断该部门的项目；请稍后再查`],
  };
}
