import { loaderByKey } from '../../../../../shared/loaders';
import type { Services } from '../../services';

export function visitLoaders(services: Services) {
  const { visits } = services.repositories;
  return {
    visitById: loaderByKey(
      (ids: readonly string[]) => visits.byIds(ids),
      (v) => v.id,
    ),
  };
}

export type VisitLoaders = ReturnType<typeof visitLoaders>;
