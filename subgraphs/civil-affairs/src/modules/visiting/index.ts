import type { CivilAffairsModule } from '../../module';
import { VisitingCare1764000000002 } from './migrations/1764000000002-visiting-care';
import { SignOffAndChangeReports1764000001301 } from './migrations/1764000001301-sign-off-and-change-reports';
import { VisitWorkflows1764000001350 } from './migrations/1764000001350-visit-workflows';
import { VisitEntity } from './visit.entity';
import { DueVisitResolver, VisitResolver } from './visit.resolver';
import { visitLoaders } from './visit.loaders';

/**
 * 探访关爱 visiting care: visits against the region's template, the visiting schedule by tier, and
 * who visits whom. Its migration also created policy's and urgent cases' tables.
 */
export const visiting = {
  entities: [VisitEntity],
  migrations: [VisitingCare1764000000002, SignOffAndChangeReports1764000001301, VisitWorkflows1764000001350],
  resolvers: (services) => [new VisitResolver(services), new DueVisitResolver(services)],
  loaders: visitLoaders,
} satisfies CivilAffairsModule;
