import { Department } from '../../../shared/departments';
import { definePartnerSubgraph } from '../../../shared/partner-subgraph';
import { CharityMatchEntity } from './entities/charity-match.entity';
import { CharityResourceEntity } from './entities/charity-resource.entity';
import { createLoaders } from './loaders';
import { Charity1764000000400 } from './migrations/1764000000400-charity';
import { resolvers } from './schema';
import { createServices } from './services';
import { Subject } from './types/subject.type';

/** 慈善 / 红会: the charity resource library and subjects' matches, added to Subject as `charity`. */
export const charity = definePartnerSubgraph({
  department: Department.CHARITY,
  entities: [CharityResourceEntity, CharityMatchEntity],
  migrations: [Charity1764000000400],
  subject: Subject,
  createServices,
  resolvers,
  createLoaders,
  // charity's programs read only civil affairs' facts; it publishes none
  facts: async () => ({}),
});
