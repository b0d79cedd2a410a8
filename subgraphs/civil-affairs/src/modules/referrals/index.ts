import type { CivilAffairsModule } from '../../module';
import { ReferralsEvents1764000000005 } from './migrations/1764000000005-referrals-events';
import { ReferralFollowUp1764000001351 } from './migrations/1764000001351-referral-follow-up';
import { ReferralEntity } from './referral.entity';
import { referralLoaders } from './referral.loaders';
import { ReferralResolver } from './referral.resolver';

/**
 * 转介 referrals from a subject's record to another department's program, and the enrolment a
 * completed one delivers to the partner. Its migration also created the event log's table.
 */
export const referrals = {
  entities: [ReferralEntity],
  migrations: [ReferralsEvents1764000000005, ReferralFollowUp1764000001351],
  resolvers: (services) => [new ReferralResolver(services)],
  loaders: referralLoaders,
} satisfies CivilAffairsModule;
