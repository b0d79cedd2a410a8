import {
  audit,
  consent,
  eligibility,
  policy,
  referrals,
  registry,
  standing,
  urgentCases,
  visiting,
} from './modules';
import type { Services } from './services';

/** Every module's DataLoaders for one request; records (tiers, eligibility) are read through the registry's, urgent cases' and standing's. */
export function createLoaders(services: Services) {
  const reads = {
    ...registry.loaders(services),
    ...urgentCases.loaders(services),
    ...policy.loaders(services),
    ...standing.loaders(services),
  };
  return {
    ...reads,
    ...consent.loaders(services),
    ...referrals.loaders(services),
    ...visiting.loaders(services),
    ...eligibility.loaders(services, reads),
    ...audit.loaders(services),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
