import '../../../shared/graphql-types';
import { buildFederatedSchema } from '../../../shared/federation';
import { subjectStubReference } from '../../../shared/partner-subject';
import { TradeUnionResolver } from './resolvers/trade-union.resolver';
import type { Services } from './services';
import { Subject } from './types/subject.type';

export function buildSchema(services: Services) {
  const resolvers = [new TradeUnionResolver(services)];
  return buildFederatedSchema(
    {
      resolvers: [TradeUnionResolver],
      orphanedTypes: [Subject],
      container: { get: (cls) => resolvers.find((r) => r instanceof cls) },
    },
    { Subject: subjectStubReference },
  );
}
