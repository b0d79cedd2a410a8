import { ageOn } from '../../../../../shared/id-number';
import type { Facts } from '../../../../../shared/policy/conditions';
import { addDuration, chinaDate } from '../../../../../shared/policy/durations';
import type { AssistanceEntity } from '../registry/assistance.entity';
import type { HouseholdEntity } from '../registry/household.entity';
import type { SubjectEntity } from '../registry/subject.entity';
import type { UrgentCaseEntity } from '../urgent-cases/urgent-case.entity';

export interface SubjectRecord {
  subject: SubjectEntity;
  assistance: AssistanceEntity[];
  household: HouseholdEntity | null;
  urgentCases: UrgentCaseEntity[];
  /** what partner departments published (a department not heard from leaves its facts out: unknown) */
  department: Facts;
}

/**
 * The facts a pack's conditions read (the list is in pack.schema.ts), as of `now`; an urgent case
 * within `recentWindow` (the region's pack) counts as a recent major event.
 */
export function subjectFacts(record: SubjectRecord, recentWindow: string, now: Date): Facts {
  const { subject, assistance, household, urgentCases, department } = record;
  const active = assistance.filter((a) => a.status === 'ACTIVE').map((a) => a.category);
  const ended = assistance.filter((a) => a.status === 'ENDED').map((a) => a.category);
  return {
    age: ageOn(subject.birthDate, chinaDate(now)),
    sex: subject.sex,
    activeAssistance: active,
    exitedAssistance: active.length ? [] : ended,
    livingAlone: subject.livingAlone,
    dispersedSupport: subject.dispersedSupport,
    stableIncome: subject.stableIncome,
    // 特困's three conditions: not recorded yet is unknown (undefined), never a guess
    noWorkCapacity: subject.noWorkCapacity ?? undefined,
    noLivingSource: subject.noLivingSource ?? undefined,
    noCapableSupporter: subject.noCapableSupporter ?? undefined,
    situations: subject.situations,
    recentMajorEvent: urgentCases.some(
      (u) => addDuration(u.occurredAt, recentWindow) > now && u.occurredAt <= now,
    ),
    region: subject.registeredRegionCode,
    ...department,
    householdSize: household?.size ?? null,
    monthlyIncomePerCapita: household?.monthlyIncomePerCapita ?? null,
  };
}

/** When a subject left assistance: the latest end date, if nothing is active any more. */
export function exitedAt(assistance: AssistanceEntity[]): Date | null {
  if (!assistance.length || assistance.some((a) => a.status === 'ACTIVE')) return null;
  const last = assistance
    .map((a) => a.until)
    .filter((u): u is string => !!u)
    .sort()
    .pop();
  return last ? new Date(`${last}T00:00:00+08:00`) : null;
}
