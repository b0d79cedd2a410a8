import type { RequestIdentity } from '../../../shared/subgraph';
import { consent, eligibility, policy, referrals, registry, urgentCases, visiting } from './modules';
import type { Services } from './services';

/** Every module's DataLoaders for one request; records (tiers, eligibility) are read through the registry's. */
export function createLoaders(services: Services, request: RequestIdentity) {
  const reads = {
    ...registry.loaders(services),
    ...urgentCases.loaders(services),
    ...policy.loaders(services),
  };
  return {
    ...reads,
    ...consent.loaders(services),
    ...referrals.loaders(services),
    ...visiting.loaders(services),
    ...eligibility.loaders(services, request, reads),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
