import DataLoader from 'dataloader';
import type { Department } from '../../../../../shared/departments';
import type { ProgramResult } from '../../../../../shared/policy/programs';
import type { RequestIdentity } from '../../../../../shared/subgraph';
import type { Services } from '../../services';
import type { PolicyLoaders } from '../policy/policy.loaders';
import type { AssistanceEntity } from '../registry/assistance.entity';
import type { RegistryLoaders } from '../registry/registry.loaders';
import type { SubjectEntity } from '../registry/subject.entity';
import type { UrgentCaseEntity } from '../urgent-cases/urgent-case.entity';
import type { UrgentCaseLoaders } from '../urgent-cases/urgent-case.loaders';
import type { SubjectRecord } from './facts';
import type { TierResult } from './tier.service';

interface RecordWithGaps {
  record: SubjectRecord;
  unavailable: Department[];
}

/** The registry's, urgent cases' and policy's loaders of the same request, which records are made of. */
type RecordReads = Pick<RegistryLoaders, 'assistanceBySubjectId' | 'householdById'> &
  Pick<UrgentCaseLoaders, 'urgentCasesBySubjectId'> &
  PolicyLoaders;

export function eligibilityLoaders(services: Services, request: RequestIdentity, read: RecordReads) {
  const { assistanceBySubjectId, householdById, urgentCasesBySubjectId, policySnapshot } = read;
  /** a subject's record with the partner departments' facts: one batch per request (one call per department) */
  const subjectRecord = new DataLoader<SubjectEntity, RecordWithGaps, string>(
    async (subjects) => {
      const ids = subjects.map((s) => s.id);
      const [assistance, households, urgent] = await Promise.all([
        assistanceBySubjectId.loadMany(ids),
        Promise.all(subjects.map((s) => (s.householdId ? householdById.load(s.householdId) : null))),
        urgentCasesBySubjectId.loadMany(ids),
      ]);
      const { records, unavailable } = await services.tiers.assemble(
        subjects,
        {
          assistance: assistance as AssistanceEntity[][],
          households,
          urgent: urgent as UrgentCaseEntity[][],
        },
        request.authorization,
      );
      return records.map((record) => ({ record, unavailable }));
    },
    { cacheKeyFn: (s) => s.id },
  );
  return {
    /** tiers of every subject of the request in one batch */
    tierBySubject: new DataLoader<SubjectEntity, TierResult | null, string>(
      async (subjects) => {
        const [records, policy] = await Promise.all([subjectRecord.loadMany(subjects), policySnapshot()]);
        return records.map((r) =>
          r instanceof Error ? r : services.tiers.decideOne(r.record, r.unavailable, policy),
        );
      },
      { cacheKeyFn: (s) => s.id },
    ),
    /** every department's programs for every subject of the request in one batch */
    eligibilityBySubject: new DataLoader<SubjectEntity, ProgramResult[], string>(
      async (subjects) => {
        const [records, policy] = await Promise.all([subjectRecord.loadMany(subjects), policySnapshot()]);
        const ok = records.filter((r): r is RecordWithGaps => !(r instanceof Error));
        const results = await services.eligibility.evaluate(
          ok.map((r) => r.record),
          policy,
          request.authorization,
        );
        return subjects.map((s) => results[ok.findIndex((r) => r.record.subject.id === s.id)] ?? []);
      },
      { cacheKeyFn: (s) => s.id },
    ),
    subjectRecord,
  };
}

export type EligibilityLoaders = ReturnType<typeof eligibilityLoaders>;
