import { programEligibilityLoader } from '../../../shared/partner-programs';
import { loaderByKey } from '../../../shared/loaders';
import type { Services } from './services';

export function createLoaders(services: Services) {
  return {
    programEligibility: programEligibilityLoader(services.programs),
    memberByIdNumber: loaderByKey(
      (ids: readonly string[]) => services.tradeUnion.byIdNumbers(ids),
      (m) => m.idNumber,
    ),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
