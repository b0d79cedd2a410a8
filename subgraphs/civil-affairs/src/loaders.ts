import { loaderByKey, loaderGrouped } from '../../../shared/loaders';
import type { Services } from './services';

type Keys = readonly string[];

export function createLoaders(services: Services) {
  return {
    subjectByIdNumber: loaderByKey(
      (ids: Keys) => services.subjects.byIdNumbers(ids),
      (s) => s.idNumber,
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
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
