import type { CivilAffairsModule } from '../../module';
import { eligibilityLoaders } from './eligibility.loaders';
import { eligibilityReference } from './eligibility.reference';
import { SubjectStandingResolver } from './eligibility.resolver';

/**
 * What the rules make of a subject's record at read time: its tier under the region's pack and every
 * department's programs with reasons — civil affairs' own evaluated here, the partners' brought by the
 * gateway's plan. No tables of its own. Its Subject reference resolver answers the plan's second
 * civil-affairs fetch and otherwise defers to the registry's (this module is listed after registry).
 */
export const eligibility = {
  entities: [],
  migrations: [],
  resolvers: (services) => [new SubjectStandingResolver(services)],
  references: { Subject: eligibilityReference },
  loaders: eligibilityLoaders,
} satisfies CivilAffairsModule;
