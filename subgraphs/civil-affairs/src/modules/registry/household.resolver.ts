import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { SubgraphContext } from '../../../../../shared/subgraph';
import { Household, HouseholdMember } from './household.type';
import type { RegistryLoaders } from './registry.loaders';
import { isVisibleTo } from './subject-access';

@Resolver(() => Household)
export class HouseholdMembersResolver {
  // nullable: withheld from other departments, which still see the household's size
  @FieldResolver(() => [HouseholdMember], {
    nullable: true,
    description: 'the registered members (一户一档), head first; those outside your region are left out',
  })
  async members(@Root() household: Household, @Ctx() ctx: SubgraphContext<RegistryLoaders>) {
    const members = await ctx.loaders.membersByHouseholdId.load(household.id);
    return members
      .filter((m) => isVisibleTo(m, ctx.identity))
      .map((m) => ({ idNumber: m.idNumber, name: m.name, relation: m.householdRelation }));
  }
}
