import { loaderByKey } from '../../../shared/loaders';
import type { Services } from './services';

export function createLoaders(services: Services) {
  return {
    memberByIdNumber: loaderByKey(
      (ids: readonly string[]) => services.tradeUnion.byIdNumbers(ids),
      (m) => m.idNumber,
    ),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
