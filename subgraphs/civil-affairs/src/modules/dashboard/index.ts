import type { CivilAffairsModule } from '../../module';
import { DashboardResolver, VillageCountResolver } from './dashboard.resolver';

/**
 * Leaders' dashboards: a region's counters (the gateway pushes them again after each event), and the
 * people under visiting care and the referral backlog, counted on the server.
 */
export const dashboard = {
  entities: [],
  migrations: [],
  resolvers: (services) => [new DashboardResolver(services), new VillageCountResolver()],
} satisfies CivilAffairsModule;
