import { programEligibilityLoader } from '../../../shared/partner-programs';
import { loaderByKey } from '../../../shared/loaders';
import type { Services } from './services';

export function createLoaders(services: Services) {
  return {
    programEligibility: programEligibilityLoader(services.programs),
    recordByIdNumber: loaderByKey(
      (ids: readonly string[]) => services.medical.byIdNumbers(ids),
      (r) => r.idNumber,
    ),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
