import { ProgramEnrollmentEntity, ProgramEnrollments1764000000900 } from '../../../shared/partner-programs';
import { Department } from '../../../shared/departments';
import { defineSubgraph, registryClient } from '../../../shared/subgraph';
import { UnionMemberEntity } from './entities/union-member.entity';
import { createLoaders } from './loaders';
import { UnionMembers1764000000200 } from './migrations/1764000000200-union-members';
import { buildSchema } from './schema';
import { createServices } from './services';

/** 总工会: union membership and difficult-worker records, added to Subject as `tradeUnion`. */
export const tradeUnion = defineSubgraph({
  department: Department.TRADE_UNION,
  entities: [ProgramEnrollmentEntity, UnionMemberEntity],
  migrations: [UnionMembers1764000000200, ProgramEnrollments1764000000900],
  createServices: (db, config) => createServices(db, registryClient(config)),
  buildSchema,
  createLoaders,
});
