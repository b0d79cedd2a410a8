import { Department } from '../../../shared/departments';
import {
  ProgramEnrollmentResolver,
  createProgramEligibilityResolver,
} from '../../../shared/partner-programs';
import '../../../shared/graphql-types';
import { buildFederatedSchema } from '../../../shared/federation';
import { subjectStubReference } from '../../../shared/partner-subject';
import { CharityMatchResolver } from './resolvers/charity-match.resolver';
import { CharityResourceResolver } from './resolvers/charity-resource.resolver';
import { CharityResolver } from './resolvers/charity.resolver';
import type { Services } from './services';
import { Subject } from './types/subject.type';

const ProgramEligibilityResolver = createProgramEligibilityResolver(Subject, Department.CHARITY);

export function buildSchema(services: Services) {
  const resolvers = [
    new ProgramEligibilityResolver(),
    new ProgramEnrollmentResolver(services.programs),
    new CharityResolver(),
    new CharityResourceResolver(services),
    new CharityMatchResolver(services),
  ];
  return buildFederatedSchema(
    {
      resolvers: [
        ProgramEligibilityResolver,
        ProgramEnrollmentResolver,
        CharityResolver,
        CharityResourceResolver,
        CharityMatchResolver,
      ],
      orphanedTypes: [Subject],
      container: { get: (cls) => resolvers.find((r) => r instanceof cls) },
    },
    { Subject: subjectStubReference },
  );
}
