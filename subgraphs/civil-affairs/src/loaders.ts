import DataLoader from 'dataloader';
import { loaderByKey, loaderGrouped } from '../../../shared/loaders';
import type { RequestIdentity } from '../../../shared/subgraph';
import type { AssistanceEntity } from './entities/assistance.entity';
import type { SubjectEntity } from './entities/subject.entity';
import type { UrgentCaseEntity } from './entities/urgent-case.entity';
import type { Services } from './services';
import type { PolicySnapshot } from './services/policy.service';
import type { TierResult } from './services/tier.service';
import type { Department } from '../../../shared/departments';
import type { ProgramResult } from '../../../shared/policy/programs';
import type { SubjectRecord } from './policy/facts';

interface RecordWithGaps {
  record: SubjectRecord;
  unavailable: Department[];
}

type Keys = readonly string[];

export function createLoaders(services: Services, request: RequestIdentity) {
  let policy: Promise<PolicySnapshot> | undefined;
  const policySnapshot = () => (policy ??= services.policy.snapshot());
  /** a subject's record with the partner departments' facts: one batch per request (one call per department) */
  const assistanceBySubjectId = loaderGrouped(
    (ids: Keys) => services.subjects.assistanceBySubjectIds(ids),
    (a) => a.subjectId,
  );
  const householdById = loaderByKey(
    (ids: Keys) => services.subjects.householdsByIds(ids),
    (h) => h.id,
  );
  const urgentCasesBySubjectId = loaderGrouped(
    (ids: Keys) => services.tiers.urgentCasesBySubjectIds(ids),
    (u) => u.subjectId,
  );
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
    policySnapshot,
    subjectByIdNumber: loaderByKey(
      (ids: Keys) => services.subjects.byIdNumbers(ids),
      (s) => s.idNumber,
    ),
    subjectById: loaderByKey(
      (ids: Keys) => services.subjects.byIds(ids),
      (s) => s.id,
    ),
    regionByCode: loaderByKey(
      (codes: Keys) => services.regions.byCodes(codes),
      (r) => r.code,
    ),
    householdById,
    assistanceBySubjectId,
    urgentCasesBySubjectId,
    consentBySubjectId: loaderByKey(
      (ids: Keys) => services.consents.economicConsentFor(ids),
      (c) => c.subjectId,
    ),
    referralById: loaderByKey(
      (ids: Keys) => services.referrals.byIds(ids),
      (r) => r.id,
    ),
    visitById: loaderByKey(
      (ids: Keys) => services.visits.byIds(ids),
      (v) => v.id,
    ),
    urgentCaseById: loaderByKey(
      (ids: Keys) => services.visits.urgentCasesByIds(ids),
      (u) => u.id,
    ),
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

export type Loaders = ReturnType<typeof createLoaders>;
