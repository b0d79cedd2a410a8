import { Arg, Args, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import type { SubgraphContext } from '../../../../shared/subgraph';
import type { Loaders } from '../loaders';
import type { Services } from '../services';
import { CharityResourceInput, CharityResourcesArgs } from '../types/charity-resource.input';
import { CharityResource } from '../types/charity-resource.type';

type Context = SubgraphContext<Loaders>;

@Resolver(() => CharityResource)
export class CharityResourceResolver {
  constructor(private readonly services: Services) {}

  @Query(() => [CharityResource], {
    description:
      'The resource library: resources in regionCode or under it (all without it), optionally of one kind',
  })
  charityResources(@Args(() => CharityResourcesArgs) { regionCode, kind }: CharityResourcesArgs) {
    return this.services.resources.list(regionCode, kind);
  }

  @Mutation(() => CharityResource, { description: 'Adds a resource to the library (charity ADMIN or STAFF)' })
  addCharityResource(
    @Arg('input', () => CharityResourceInput) input: CharityResourceInput,
    @Ctx() ctx: Context,
  ) {
    return this.services.resources.add(input, ctx.identity, ctx.authorization);
  }
}
