import { Arg, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import type { SubgraphContext } from '../../../../shared/subgraph';
import type { CharityMatchEntity } from '../entities/charity-match.entity';
import type { Loaders } from '../loaders';
import type { Services } from '../services';
import { CharityMatchInput } from '../types/charity-match.input';
import { CharityMatch } from '../types/charity-match.type';
import { CharityResource } from '../types/charity-resource.type';

type Context = SubgraphContext<Loaders>;

@Resolver(() => CharityMatch)
export class CharityMatchResolver {
  constructor(private readonly services: Services) {}

  @Mutation(() => CharityMatch, {
    description:
      'Matches a subject to a charity resource (ACTIVE); CONFLICT when already matched or the resource is full',
  })
  matchCharityResource(@Arg('input', () => CharityMatchInput) input: CharityMatchInput, @Ctx() ctx: Context) {
    return this.services.matches.match(input, ctx.identity);
  }

  @FieldResolver(() => CharityResource)
  async resource(@Root() match: CharityMatchEntity, @Ctx() ctx: Context) {
    const resource = await ctx.loaders.resourceById.load(match.resourceId);
    if (!resource) throw new Error(`charity match ${match.id} names a missing resource ${match.resourceId}`);
    return resource;
  }

  @FieldResolver(() => String)
  createdAt(@Root() match: CharityMatchEntity) {
    return match.createdAt.toISOString();
  }
}
