import { MedicalRecordResolver, MedicalResolver } from './resolvers/medical.resolver';
import type { Services } from './services';

/** The department's own resolvers; the shared partner parts are added by definePartnerSubgraph. */
export function resolvers(services: Services) {
  return {
    classes: [MedicalResolver, MedicalRecordResolver],
    instances: [new MedicalResolver(services), new MedicalRecordResolver()],
  };
}
