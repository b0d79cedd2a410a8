import type { Department } from '../../../../../shared/departments';
import { TierDecision, decideTier } from '../policy/engine';
import type { PolicyPack } from '../policy/pack.schema';
import type { PolicySnapshot } from '../policy/policy.service';
import type { AssistanceEntity } from '../registry/assistance.entity';
import type { HouseholdEntity } from '../registry/household.entity';
import type { SubjectEntity } from '../registry/subject.entity';
import type { SubjectRepository } from '../registry/subject.repository';
import type { UrgentCaseEntity } from '../urgent-cases/urgent-case.entity';
import type { UrgentCaseRepository } from '../urgent-cases/urgent-case.repository';
import type { DepartmentFactsService } from './department-facts.service';
import { SubjectRecord, subjectFacts } from './facts';

export interface TierResult {
  decision: TierDecision;
  pack: PolicyPack;
  record: SubjectRecord;
  /** departments whose facts were missing */
  unavailable: Department[];
}

/** The rows a subject record is made of, in the order of the subjects. */
export interface RecordRows {
  assistance: AssistanceEntity[][];
  households: Array<HouseholdEntity | null>;
  urgent: UrgentCaseEntity[][];
}

/**
 * Tiers of many subjects at once: one query per table and one call per partner department for the
 * whole batch. Tiers are computed when asked, so they follow every change they depend on.
 */
export class TierService {
  constructor(
    private readonly subjects: SubjectRepository,
    private readonly urgentCases: UrgentCaseRepository,
    private readonly departments: DepartmentFactsService,
  ) {}

  /**
   * Builds records from their rows (read by a request's loaders, or by `records`) plus the partners'
   * facts, which are asked for while the rows are still being read.
   */
  async assemble(
    subjects: readonly SubjectEntity[],
    rows: RecordRows | Promise<RecordRows>,
    authorization: string,
  ): Promise<{ records: SubjectRecord[]; unavailable: Department[] }> {
    const [read, facts] = await Promise.all([
      rows,
      this.departments.facts(
        subjects.map((s) => s.idNumber),
        authorization,
      ),
    ]);
    const records = subjects.map((subject, i) => ({
      subject,
      assistance: read.assistance[i],
      household: read.households[i],
      urgentCases: read.urgent[i],
      department: facts.facts.get(subject.idNumber)!,
    }));
    return { records, unavailable: facts.unavailable };
  }

  /** Records of many subjects outside a request (visiting schedules): one query per table. */
  records(
    subjects: readonly SubjectEntity[],
    authorization: string,
  ): Promise<{ records: SubjectRecord[]; unavailable: Department[] }> {
    return this.assemble(subjects, this.readRows(subjects), authorization);
  }

  private async readRows(subjects: readonly SubjectEntity[]): Promise<RecordRows> {
    const ids = subjects.map((s) => s.id);
    const householdIds = subjects.map((s) => s.householdId).filter((h): h is string => !!h);
    const [assistance, households, urgent] = await Promise.all([
      ids.length ? this.subjects.assistanceBySubjectIds(ids) : [],
      householdIds.length ? this.subjects.householdsByIds(householdIds) : [],
      ids.length ? this.urgentCases.bySubjectIds(ids) : [],
    ]);
    const bySubject = <T extends { subjectId: string }>(rows: T[]) => {
      const groups = new Map<string, T[]>();
      for (const row of rows) groups.set(row.subjectId, [...(groups.get(row.subjectId) ?? []), row]);
      return subjects.map((s) => groups.get(s.id) ?? []);
    };
    const householdById = new Map(households.map((h) => [h.id, h]));
    return {
      assistance: bySubject(assistance),
      households: subjects.map((s) => (s.householdId ? (householdById.get(s.householdId) ?? null) : null)),
      urgent: bySubject(urgent),
    };
  }

  async decide(
    subjects: readonly SubjectEntity[],
    authorization: string,
    policy: PolicySnapshot,
    now = new Date(),
  ): Promise<Map<string, TierResult | null>> {
    const { records, unavailable } = await this.records(subjects, authorization);
    return new Map(
      records.map((record) => [record.subject.id, this.decideOne(record, unavailable, policy, now)]),
    );
  }

  /** The tier of one subject whose record is already read. */
  decideOne(
    record: SubjectRecord,
    unavailable: Department[],
    policy: PolicySnapshot,
    now = new Date(),
  ): TierResult | null {
    const found = policy.packFor(record.subject.registeredRegionCode);
    if (!found) return null;
    const decision = decideTier(found.pack, subjectFacts(record, found.pack.urgentCases.recentWindow, now));
    return { decision, pack: found.pack, record, unavailable };
  }
}
