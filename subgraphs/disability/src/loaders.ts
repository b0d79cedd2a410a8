import { loaderByKey } from '../../../shared/loaders';
import type { Services } from './services';

export function createLoaders(services: Services) {
  return {
    certificateByIdNumber: loaderByKey(
      (ids: readonly string[]) => services.disability.byIdNumbers(ids),
      (c) => c.idNumber,
    ),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
