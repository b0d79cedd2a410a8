import { Arg, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import type { SubgraphContext } from '../../../../../shared/subgraph';
import type { RegistryLoaders } from './registry.loaders';
import { Region } from './region.type';

type Context = SubgraphContext<RegistryLoaders>;

@Resolver(() => Region)
export class RegionResolver {
  @Query(() => Region, {
    nullable: true,
    description: 'A division by code, or null when the code is unknown',
  })
  region(@Arg('code', () => String) code: string, @Ctx() ctx: Context) {
    return ctx.loaders.regionByCode.load(code);
  }

  @Query(() => [Region], { description: 'The known divisions among these codes (unknown ones are left out)' })
  async regions(@Arg('codes', () => [String]) codes: string[], @Ctx() ctx: Context) {
    const found = await ctx.loaders.regionByCode.loadMany(codes);
    return found.filter((r) => r && !(r instanceof Error));
  }

  @FieldResolver(() => Region, { nullable: true })
  parent(@Root() region: Region, @Ctx() ctx: Context) {
    return region.parentCode ? ctx.loaders.regionByCode.load(region.parentCode) : null;
  }
}
