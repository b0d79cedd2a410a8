import { Department } from '../../../shared/departments';
import { definePartnerSubgraph } from '../../../shared/partner-subgraph';
import { UnionMemberEntity } from './entities/union-member.entity';
import { createLoaders } from './loaders';
import { UnionMembers1764000000200 } from './migrations/1764000000200-union-members';
import { resolvers } from './schema';
import { createServices } from './services';
import { unionFacts } from './services/trade-union.service';
import { Subject } from './types/subject.type';

/** 总工会: union membership and difficult-worker records, added to Subject as `tradeUnion`. */
export const tradeUnion = definePartnerSubgraph({
  department: Department.TRADE_UNION,
  entities: [UnionMemberEntity],
  migrations: [UnionMembers1764000000200],
  subject: Subject,
  createServices,
  resolvers,
  createLoaders,
  facts: async (loaders, idNumber) => unionFacts(await loaders.memberByIdNumber.load(idNumber)),
});
