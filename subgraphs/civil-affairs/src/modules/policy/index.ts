import type { CivilAffairsModule } from '../../module';
import { CalendarDayEntity } from './calendar-day.entity';
import { PolicyPackEntity } from './policy-pack.entity';
import { policyLoaders } from './policy.loaders';
import { PolicyResolver } from './policy.resolver';
import { RegionPackEntity } from './region-pack.entity';

/**
 * Policy as data: versioned packs (tiers, visit frequencies, templates, warning lines), their
 * assignment to regions, the working-day calendar, and the one engine that reads them (engine.ts).
 * Its tables were created by visiting's migration VisitingCare1764000000002.
 */
export const policy = {
  entities: [PolicyPackEntity, RegionPackEntity, CalendarDayEntity],
  migrations: [],
  resolvers: (services) => [new PolicyResolver(services)],
  loaders: policyLoaders,
} satisfies CivilAffairsModule;
