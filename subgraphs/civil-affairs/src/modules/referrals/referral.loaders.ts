import { loaderByKey, loaderGrouped } from '../../../../../shared/loaders';
import type { Services } from '../../services';

export function referralLoaders(services: Services) {
  const { referrals } = services.repositories;
  return {
    referralById: loaderByKey(
      (ids: readonly string[]) => referrals.byIds(ids),
      (r) => r.id,
    ),
    /** 跟踪回访 still to do, per subject (a due visit lists them) */
    openFollowUpsBySubject: loaderGrouped(
      (ids: readonly string[]) => referrals.openFollowUps(ids),
      (r) => r.subjectId,
    ),
  };
}

export type ReferralLoaders = ReturnType<typeof referralLoaders>;
