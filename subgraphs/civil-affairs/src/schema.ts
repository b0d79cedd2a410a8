import '../../../shared/graphql-types';
import { buildFederatedSchema } from '../../../shared/federation';
import { DiscoveryResolver } from './resolvers/discovery.resolver';
import { EarlyWarningResolver } from './resolvers/early-warning.resolver';
import { ReferralResolver, UrgentCaseReportResolver } from './resolvers/referral.resolver';
import { ReferralEvent, SUBSCRIPTION_SDL, UrgentCaseEvent } from './types/referral.type';
import { HouseholdResolver } from './resolvers/household.resolver';
import { PolicyResolver } from './resolvers/policy.resolver';
import { RegionResolver } from './resolvers/region.resolver';
import { SubjectResolver } from './resolvers/subject.resolver';
import { DueVisitResolver, UrgentCaseResolver, VisitResolver } from './resolvers/visit.resolver';
import type { Services } from './services';
import { subjectReference } from './types/subject.reference';

export function buildSchema(services: Services) {
  const resolvers = [
    new SubjectResolver(services),
    new RegionResolver(),
    new PolicyResolver(services),
    new VisitResolver(services),
    new UrgentCaseResolver(),
    new DueVisitResolver(services),
    new DiscoveryResolver(services),
    new HouseholdResolver(),
    new EarlyWarningResolver(services),
    new ReferralResolver(services),
    new UrgentCaseReportResolver(services),
  ];
  return buildFederatedSchema(
    {
      resolvers: [
        SubjectResolver,
        RegionResolver,
        PolicyResolver,
        VisitResolver,
        UrgentCaseResolver,
        DueVisitResolver,
        DiscoveryResolver,
        HouseholdResolver,
        EarlyWarningResolver,
        ReferralResolver,
        UrgentCaseReportResolver,
      ],
      orphanedTypes: [UrgentCaseEvent, ReferralEvent],
      container: { get: (cls) => resolvers.find((r) => r instanceof cls) },
    },
    { Subject: subjectReference },
    SUBSCRIPTION_SDL,
  );
}
