import { loaderByKey, loaderGrouped } from '../../../../../shared/loaders';
import type { Services } from '../../services';

type Keys = readonly string[];

export function urgentCaseLoaders(services: Services) {
  const { urgentCases } = services.repositories;
  return {
    urgentCaseById: loaderByKey(
      (ids: Keys) => urgentCases.byIds(ids),
      (u) => u.id,
    ),
    urgentCasesBySubjectId: loaderGrouped(
      (ids: Keys) => urgentCases.bySubjectIds(ids),
      (u) => u.subjectId,
    ),
  };
}

export type UrgentCaseLoaders = ReturnType<typeof urgentCaseLoaders>;
