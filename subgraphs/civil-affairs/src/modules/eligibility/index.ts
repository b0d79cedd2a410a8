import type { CivilAffairsModule } from '../../module';
import { eligibilityLoaders } from './eligibility.loaders';
import { SubjectStandingResolver } from './eligibility.resolver';

/**
 * A subject's record read with the partner departments' facts (department-facts.service.ts), and what
 * the rules make of it: its tier under the region's pack (tier.service.ts) and every department's
 * programs with reasons (eligibility.service.ts). No tables of its own.
 */
export const eligibility = {
  entities: [],
  migrations: [],
  resolvers: (services) => [new SubjectStandingResolver(services)],
  loaders: eligibilityLoaders,
} satisfies CivilAffairsModule;
