import type { CivilAffairsModule } from '../../module';
import { AssistanceEntity } from './assistance.entity';
import { HouseholdEntity } from './household.entity';
import { HouseholdMembersResolver } from './household.resolver';
import { Registry1764000000000 } from './migrations/1764000000000-registry';
import { DivisionCodes1764000000001 } from './migrations/1764000000001-division-codes';
import { ReportColumns1764000001100 } from './migrations/1764000001100-report-columns';
import { ReportOrder1764000001101 } from './migrations/1764000001101-report-order';
import { HouseholdMembers1764000001300 } from './migrations/1764000001300-household-members';
import { TekunConditions1764000001353 } from './migrations/1764000001353-tekun-conditions';
import { RegionEntity } from './region.entity';
import { RegionResolver } from './region.resolver';
import { registryLoaders } from './registry.loaders';
import { SubjectEntity } from './subject.entity';
import { subjectReference } from './subject.reference';
import { SubjectResolver } from './subject.resolver';

/**
 * The registry: subjects, their households and assistance statuses, the division codes, and the one
 * way to find a subject the caller may see (subject-access.ts). Registration writes it.
 */
export const registry = {
  entities: [RegionEntity, HouseholdEntity, SubjectEntity, AssistanceEntity],
  migrations: [
    Registry1764000000000,
    DivisionCodes1764000000001,
    ReportColumns1764000001100,
    ReportOrder1764000001101,
    HouseholdMembers1764000001300,
    TekunConditions1764000001353,
  ],
  resolvers: () => [new RegionResolver(), new SubjectResolver(), new HouseholdMembersResolver()],
  references: { Subject: subjectReference },
  loaders: registryLoaders,
} satisfies CivilAffairsModule;
