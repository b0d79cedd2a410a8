import { Department } from '../../../shared/departments';
import {
  ProgramEnrollmentResolver,
  createProgramEligibilityResolver,
} from '../../../shared/partner-programs';
import '../../../shared/graphql-types';
import { buildFederatedSchema } from '../../../shared/federation';
import { subjectStubReference } from '../../../shared/partner-subject';
import { TradeUnionResolver } from './resolvers/trade-union.resolver';
import type { Services } from './services';
import { Subject } from './types/subject.type';

const ProgramEligibilityResolver = createProgramEligibilityResolver(Subject, Department.TRADE_UNION);

export function buildSchema(services: Services) {
  const resolvers = [
    new ProgramEligibilityResolver(),
    new ProgramEnrollmentResolver(services.programs),
    new TradeUnionResolver(services),
  ];
  return buildFederatedSchema(
    {
      resolvers: [ProgramEligibilityResolver, ProgramEnrollmentResolver, TradeUnionResolver],
      orphanedTypes: [Subject],
      container: { get: (cls) => resolvers.find((r) => r instanceof cls) },
    },
    { Subject: subjectStubReference },
  );
}
