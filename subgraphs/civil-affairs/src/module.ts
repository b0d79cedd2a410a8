import type { SubgraphModule } from '../../../shared/subgraph';
import { AssistanceEntity } from './entities/assistance.entity';
import { HouseholdEntity } from './entities/household.entity';
import { RegionEntity } from './entities/region.entity';
import { SubjectEntity } from './entities/subject.entity';
import { Registry1764000000000 } from './migrations/1764000000000-registry';
import { DivisionCodes1764000000001 } from './migrations/1764000000001-division-codes';
import { createServer } from './server';

export const civilAffairs: SubgraphModule = {
  entities: [RegionEntity, HouseholdEntity, SubjectEntity, AssistanceEntity],
  migrations: [Registry1764000000000, DivisionCodes1764000000001],
  createServer,
};
