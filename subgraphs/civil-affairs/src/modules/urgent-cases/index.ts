import type { CivilAffairsModule } from '../../module';
import { UrgentCaseEntity } from './urgent-case.entity';
import { urgentCaseLoaders } from './urgent-case.loaders';
import { UrgentCaseResolver } from './urgent-case.resolver';

/**
 * 急难 urgent cases, reported directly or found on a visit, each with its visit deadline. Its table
 * was created by visiting's migration VisitingCare1764000000002.
 */
export const urgentCases = {
  entities: [UrgentCaseEntity],
  migrations: [],
  resolvers: (services) => [new UrgentCaseResolver(services)],
  loaders: urgentCaseLoaders,
} satisfies CivilAffairsModule;
