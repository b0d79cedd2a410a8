import DataLoader from 'dataloader';
import type { Services } from '../../services';
import { TierDecision, decideTier } from '../policy/engine';
import type { PolicyPack } from '../policy/pack.schema';
import type { PolicyLoaders } from '../policy/policy.loaders';
import type { RegistryLoaders } from '../registry/registry.loaders';
import type { SubjectEntity } from '../registry/subject.entity';
import { SubjectRecord, subjectFacts } from '../standing/facts';
import type { StandingLoaders } from '../standing/standing.loaders';
import { partnerFacts, recentWindow } from '../standing/standing.rules';
import type { UrgentCaseLoaders } from '../urgent-cases/urgent-case.loaders';

export interface TierResult {
  decision: TierDecision;
  pack: PolicyPack;
}

/** The registry's, urgent cases', standing's and policy's loaders of the same request. */
type RecordReads = Pick<RegistryLoaders, 'assistanceBySubjectId' | 'householdById'> &
  Pick<UrgentCaseLoaders, 'urgentCasesBySubjectId'> &
  Pick<StandingLoaders, 'partnerFactsByIdNumber' | 'newcomers'> &
  PolicyLoaders;

/**
 * A subject's record and its tier, decided now from the rows this request reads anyway (one batch per
 * table) and the facts partners published — no partner is asked at read time.
 */
export function eligibilityLoaders(services: Services, read: RecordReads) {
  const { assistanceBySubjectId, householdById, urgentCasesBySubjectId, partnerFactsByIdNumber } = read;
  const subjectRecord = new DataLoader<SubjectEntity, SubjectRecord, string>(
    async (subjects) => {
      // registered by this very request (a write): their facts are asked of the partners first
      const newcomers = subjects.map((s) => s.idNumber).filter((id) => read.newcomers.has(id));
      if (newcomers.length) await services.standing.welcome(services.partners, newcomers);
      const [assistance, households, urgent, facts] = await Promise.all([
        assistanceBySubjectId.loadMany(subjects.map((s) => s.id)),
        Promise.all(subjects.map((s) => (s.householdId ? householdById.load(s.householdId) : null))),
        urgentCasesBySubjectId.loadMany(subjects.map((s) => s.id)),
        partnerFactsByIdNumber.loadMany(subjects.map((s) => s.idNumber)),
      ]);
      return subjects.map((subject, i) => {
        const failed = [assistance[i], urgent[i], facts[i]].find((r) => r instanceof Error) as
          Error | undefined;
        return (
          failed ?? {
            subject,
            assistance: assistance[i] as SubjectRecord['assistance'],
            household: households[i],
            urgentCases: urgent[i] as SubjectRecord['urgentCases'],
            department: partnerFacts({ partnerFacts: facts[i] as never[] }),
          }
        );
      });
    },
    { cacheKeyFn: (s) => s.id },
  );
  return {
    subjectRecord,
    /** tiers of every subject of the request in one batch */
    tierBySubject: new DataLoader<SubjectEntity, TierResult | null, string>(
      async (subjects) => {
        const [records, policy] = await Promise.all([
          subjectRecord.loadMany(subjects),
          read.policySnapshot(),
        ]);
        const now = new Date();
        return records.map((record) => {
          if (record instanceof Error) return record;
          const pack = policy.packFor(record.subject.registeredRegionCode)?.pack;
          if (!pack) return null;
          return { pack, decision: decideTier(pack, subjectFacts(record, recentWindow(pack), now)) };
        });
      },
      { cacheKeyFn: (s) => s.id },
    ),
  };
}

export type EligibilityLoaders = ReturnType<typeof eligibilityLoaders>;
