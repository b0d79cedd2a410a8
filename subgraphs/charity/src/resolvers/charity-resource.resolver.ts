import { Arg, Args, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import type { SubgraphContext } from '../../../../shared/subgraph';
import type { Loaders } from '../loaders';
import type { Services } from '../services';
import { CharityResourceInput, CharityResourcesArgs } from '../types/charity-resource.input';
import { CharityResource, ResourceSuggestion } from '../types/charity-resource.type';

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

  @Query(() => [ResourceSuggestion], {
    description:
      "Matches the library to a person's needs where they live: shared tags first, free places only",
  })
  charityResourcesFor(
    @Arg('regionCode', () => String, { description: 'where the person lives (village or township code)' })
    regionCode: string,
    @Arg('needs', () => [String], { description: 'need codes, e.g. MEDICAL, LIVING, CARE' }) needs: string[],
  ) {
    return this.services.resources.suggest(regionCode, needs);
  }

  @Mutation(() => CharityResource, { description: 'Adds a resource to the library (charity ADMIN or STAFF)' })
  addCharityResource(
    @Arg('input', () => CharityResourceInput) input: CharityResourceInput,
    @Ctx() ctx: Context,
  ) {
    return this.services.resources.add(input, ctx.identity);
  }
}
