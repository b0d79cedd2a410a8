import { CharityMatchResolver } from './resolvers/charity-match.resolver';
import { CharityResourceResolver } from './resolvers/charity-resource.resolver';
import { CharityResolver } from './resolvers/charity.resolver';
import type { Services } from './services';

/** The department's own resolvers; the shared partner parts are added by definePartnerSubgraph. */
export function resolvers(services: Services) {
  return {
    classes: [CharityResolver, CharityResourceResolver, CharityMatchResolver],
    instances: [
      new CharityResolver(),
      new CharityResourceResolver(services),
      new CharityMatchResolver(services),
    ],
  };
}
