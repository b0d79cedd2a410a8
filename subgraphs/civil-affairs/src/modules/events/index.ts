import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { CivilAffairsModule } from '../../module';
import { EventResolver } from './event.resolver';
import { ReferralEvent, UrgentCaseEvent } from './event.type';

/**
 * The event log (urgent cases, referrals, ended visits) that the gateways tail to serve the
 * subscriptions declared in subscription.graphql. Its table was created by referrals' migration
 * ReferralsEvents1764000000005.
 */
export const events = {
  entities: [],
  migrations: [],
  resolvers: (services) => [new EventResolver(services)],
  orphanedTypes: [UrgentCaseEvent, ReferralEvent],
  typeDefs: readFileSync(path.join(__dirname, 'subscription.graphql'), 'utf8'),
} satisfies CivilAffairsModule;
