import { ProgramEnrollmentEntity, ProgramEnrollments1764000000900 } from '../../../shared/partner-programs';
import { Department } from '../../../shared/departments';
import { defineSubgraph, registryClient } from '../../../shared/subgraph';
import { CharityMatchEntity } from './entities/charity-match.entity';
import { CharityResourceEntity } from './entities/charity-resource.entity';
import { createLoaders } from './loaders';
import { Charity1764000000400 } from './migrations/1764000000400-charity';
import { buildSchema } from './schema';
import { createServices } from './services';

/** 慈善 / 红会: the charity resource library and subjects' matches, added to Subject as `charity`. */
export const charity = defineSubgraph({
  department: Department.CHARITY,
  entities: [ProgramEnrollmentEntity, CharityResourceEntity, CharityMatchEntity],
  migrations: [Charity1764000000400, ProgramEnrollments1764000000900],
  createServices: (db, config) => createServices(db, registryClient(config)),
  buildSchema,
  createLoaders,
});
