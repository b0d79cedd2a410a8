import { loaderByKey } from '../../../shared/loaders';
import type { Services } from './services';

export function createLoaders(services: Services) {
  return {
    recordByIdNumber: loaderByKey(
      (ids: readonly string[]) => services.medical.byIdNumbers(ids),
      (r) => r.idNumber,
    ),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
