import { DisabilityResolver } from './resolvers/disability.resolver';
import type { Services } from './services';

/** The department's own resolvers; the shared partner parts are added by definePartnerSubgraph. */
export function resolvers(services: Services) {
  return { classes: [DisabilityResolver], instances: [new DisabilityResolver(services)] };
}
