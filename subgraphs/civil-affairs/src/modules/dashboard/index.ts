import type { CivilAffairsModule } from '../../module';
import { DashboardResolver, VillageCountResolver } from './dashboard.resolver';
import { CareCounts1764000001550 } from './migrations/1764000001550-care-counts';

/**
 * Leaders' dashboards: a region's counters (the gateway pushes them again after each event), and the
 * people under visiting care and the referral backlog, counted on the server.
 */
export const dashboard = {
  entities: [],
  migrations: [CareCounts1764000001550],
  resolvers: (services) => [new DashboardResolver(services), new VillageCountResolver()],
} satisfies CivilAffairsModule;
