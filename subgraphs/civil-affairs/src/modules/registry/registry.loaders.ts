import { loaderByKey, loaderGrouped } from '../../../../../shared/loaders';
import type { Services } from '../../services';

type Keys = readonly string[];

/** The registry's rows of a request, one batch per table. */
export function registryLoaders(services: Services) {
  const { subjects } = services.repositories;
  return {
    subjectByIdNumber: loaderByKey(
      (ids: Keys) => subjects.byIdNumbers(ids),
      (s) => s.idNumber,
    ),
    subjectById: loaderByKey(
      (ids: Keys) => subjects.byIds(ids),
      (s) => s.id,
    ),
    regionByCode: loaderByKey(
      (codes: Keys) => services.regions.byCodes(codes),
      (r) => r.code,
    ),
    householdById: loaderByKey(
      (ids: Keys) => subjects.householdsByIds(ids),
      (h) => h.id,
    ),
    membersByHouseholdId: loaderGrouped(
      (ids: Keys) => subjects.membersOfHouseholds(ids),
      (s) => s.householdId!,
    ),
    assistanceBySubjectId: loaderGrouped(
      (ids: Keys) => subjects.assistanceBySubjectIds(ids),
      (a) => a.subjectId,
    ),
  };
}

export type RegistryLoaders = ReturnType<typeof registryLoaders>;
