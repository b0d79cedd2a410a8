import '../../../shared/graphql-types';
import { buildFederatedSchema } from '../../../shared/federation';
import { subjectStubReference } from '../../../shared/partner-subject';
import { DisabilityResolver } from './resolvers/disability.resolver';
import type { Services } from './services';
import { Subject } from './types/subject.type';

export function buildSchema(services: Services) {
  const resolvers = [new DisabilityResolver(services)];
  return buildFederatedSchema(
    {
      resolvers: [DisabilityResolver],
      orphanedTypes: [Subject],
      container: { get: (cls) => resolvers.find((r) => r instanceof cls) },
    },
    { Subject: subjectStubReference },
  );
}
