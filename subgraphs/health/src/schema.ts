import '../../../shared/graphql-types';
import { buildFederatedSchema } from '../../../shared/federation';
import { subjectStubReference } from '../../../shared/partner-subject';
import { MedicalRecordResolver, MedicalResolver } from './resolvers/medical.resolver';
import type { Services } from './services';
import { Subject } from './types/subject.type';

export function buildSchema(services: Services) {
  const resolvers = [new MedicalResolver(services), new MedicalRecordResolver(services)];
  return buildFederatedSchema(
    {
      resolvers: [MedicalResolver, MedicalRecordResolver],
      orphanedTypes: [Subject],
      container: { get: (cls) => resolvers.find((r) => r instanceof cls) },
    },
    { Subject: subjectStubReference },
  );
}
