import type { CivilAffairsModule } from '../../module';
import { DashboardResolver } from './dashboard.resolver';

/** Leaders' dashboards: a region's counters (the gateway pushes them again after each event). */
export const dashboard = {
  entities: [],
  migrations: [],
  resolvers: (services) => [new DashboardResolver(services)],
} satisfies CivilAffairsModule;
