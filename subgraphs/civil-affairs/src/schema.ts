import '../../../shared/graphql-types';
import { buildFederatedSchema } from '../../../shared/federation';
import { RegionResolver } from './resolvers/region.resolver';
import { SubjectResolver } from './resolvers/subject.resolver';
import type { Services } from './services';
import { subjectReference } from './types/subject.reference';

export function buildSchema(services: Services) {
  const resolvers = [new SubjectResolver(services), new RegionResolver()];
  return buildFederatedSchema(
    {
      resolvers: [SubjectResolver, RegionResolver],
      container: { get: (cls) => resolvers.find((r) => r instanceof cls) },
    },
    { Subject: subjectReference },
  );
}
