import { loaderByKey, loaderGrouped } from '../../../../../shared/loaders';
import type { Services } from '../../services';

type Keys = readonly string[];

/** Partner facts and stored standings of a request, one batch per table. */
export function standingLoaders(services: Services) {
  const { standing, partnerFacts } = services.repositories;
  return {
    /** people registered by this request: their facts are asked of the partners before a tier is shown */
    newcomers: new Set<string>(),
    partnerFactsByIdNumber: loaderGrouped(
      (ids: Keys) => partnerFacts.partnerFactsOf(ids),
      (f) => f.idNumber,
    ),
    standingByIdNumber: loaderByKey(
      (ids: Keys) => standing.byIdNumbers(ids),
      (s) => s.idNumber,
    ),
  };
}

export type StandingLoaders = ReturnType<typeof standingLoaders>;
