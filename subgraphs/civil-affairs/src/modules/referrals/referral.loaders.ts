import { loaderByKey } from '../../../../../shared/loaders';
import type { Services } from '../../services';

export function referralLoaders(services: Services) {
  const { referrals } = services.repositories;
  return {
    referralById: loaderByKey(
      (ids: readonly string[]) => referrals.byIds(ids),
      (r) => r.id,
    ),
  };
}

export type ReferralLoaders = ReturnType<typeof referralLoaders>;
