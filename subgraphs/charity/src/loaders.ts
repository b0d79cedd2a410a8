import { loaderByKey, loaderGrouped } from '../../../shared/loaders';
import type { Services } from './services';

type Keys = readonly string[];

export function createLoaders(services: Services) {
  return {
    openMatchesByIdNumber: loaderGrouped(
      (ids: Keys) => services.matches.openByIdNumbers(ids),
      (m) => m.idNumber,
    ),
    resourceById: loaderByKey(
      (ids: Keys) => services.resources.byIds(ids),
      (r) => r.id,
    ),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
