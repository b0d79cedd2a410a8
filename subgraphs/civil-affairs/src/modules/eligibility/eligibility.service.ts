import { DEPARTMENTS, Department } from '../../../../../shared/departments';
import { log } from '../../../../../shared/logging';
import type { Facts } from '../../../../../shared/policy/conditions';
import { ProgramPack, ProgramResult, evaluatePrograms } from '../../../../../shared/policy/programs';
import { SubjectRecord, subjectFacts } from './facts';
import type { DepartmentFactsService } from './department-facts.service';
import type { PolicySnapshot } from '../policy/policy.service';

const PARTNERS = [Department.DISABILITY, Department.TRADE_UNION, Department.HEALTH, Department.CHARITY];
/** used for "recent major event" where no visiting pack covers the region */
const DEFAULT_RECENT_WINDOW = 'P3M';

/**
 * Cross-line eligibility (一门受理、协同办理): civil affairs' own programs evaluated here, each partner's
 * programs evaluated by that partner on the shared facts it `@requires` (one call per department
 * for all the subjects of a request). A department that cannot answer appears as one line that
 * says so; rules that need its facts answer "无法判断" instead of guessing.
 */
export class EligibilityService {
  constructor(
    private readonly pack: ProgramPack,
    private readonly departments: DepartmentFactsService,
  ) {}

  facts(record: SubjectRecord, policy: PolicySnapshot, now = new Date()): Facts {
    const window =
      policy.packFor(record.subject.registeredRegionCode)?.pack.urgentCases.recentWindow ??
      DEFAULT_RECENT_WINDOW;
    return subjectFacts(record, window, now);
  }

  async evaluate(
    records: SubjectRecord[],
    policy: PolicySnapshot,
    authorization: string,
  ): Promise<ProgramResult[][]> {
    const people = records.map((record) => ({
      idNumber: record.subject.idNumber,
      facts: this.facts(record, policy),
    }));
    const own = people.map((p) => evaluatePrograms(this.pack, p.facts));
    const partners = await Promise.all(
      PARTNERS.map(async (department) => {
        if (!people.length) return [];
        try {
          return await this.departments.programs(department, people, authorization);
        } catch (e) {
          log.warn(`eligibility: ${department} unavailable`, { error: (e as Error).message });
          return people.map(() => [unavailable(department)]);
        }
      }),
    );
    return people.map((_, i) => [...own[i], ...partners.flatMap((answers) => answers[i] ?? [])]);
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
