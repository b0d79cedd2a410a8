import DataLoader from 'dataloader';
import { loaderByKey, loaderGrouped } from '../../../shared/loaders';
import type { RequestIdentity } from '../../../shared/subgraph';
import type { SubjectEntity } from './entities/subject.entity';
import type { Services } from './services';
import type { PolicySnapshot } from './services/policy.service';
import type { TierResult } from './services/tier.service';

type Keys = readonly string[];

export function createLoaders(services: Services, request: RequestIdentity) {
  let policy: Promise<PolicySnapshot> | undefined;
  const policySnapshot = () => (policy ??= services.policy.snapshot());
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
    householdById: loaderByKey(
      (ids: Keys) => services.subjects.householdsByIds(ids),
      (h) => h.id,
    ),
    assistanceBySubjectId: loaderGrouped(
      (ids: Keys) => services.subjects.assistanceBySubjectIds(ids),
      (a) => a.subjectId,
    ),
    visitById: loaderByKey(
      (ids: Keys) => services.visits.byIds(ids),
      (v) => v.id,
    ),
    urgentCaseById: loaderByKey(
      (ids: Keys) => services.visits.urgentCasesByIds(ids),
      (u) => u.id,
    ),
    /** tiers of every subject of the request in one batch (one call per partner department) */
    tierBySubject: new DataLoader<SubjectEntity, TierResult | null, string>(
      async (subjects) => {
        const decided = await services.tiers.decide(subjects, request.authorization, await policySnapshot());
        return subjects.map((s) => decided.get(s.id) ?? null);
      },
      { cacheKeyFn: (s) => s.id },
    ),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
