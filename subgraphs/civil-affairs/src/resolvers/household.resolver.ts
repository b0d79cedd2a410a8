import { Ctx, FieldResolver, Float, Resolver, Root } from 'type-graphql';
import { Department } from '../../../../shared/departments';
import type { SubgraphContext } from '../../../../shared/subgraph';
import type { Loaders } from '../loaders';
import { Household } from '../types/household.type';

type Context = SubgraphContext<Loaders>;

/** Economic figures reach other departments only with the subject's signed authorisation. */
@Resolver(() => Household)
export class HouseholdResolver {
  @FieldResolver(() => Float, {
    nullable: true,
    description: 'monthly per-capita income, yuan; null for other departments without the subject’s consent',
  })
  async monthlyIncomePerCapita(@Root() household: Household, @Ctx() ctx: Context) {
    return (await this.visible(household, ctx)) ? household.monthlyIncomePerCapita : null;
  }

  @FieldResolver(() => String, { nullable: true, description: 'property; consent as for income' })
  async propertyNote(@Root() household: Household, @Ctx() ctx: Context) {
    return (await this.visible(household, ctx)) ? household.propertyNote : null;
  }

  private async visible(household: Household, ctx: Context): Promise<boolean> {
    if (ctx.identity.department === Department.CIVIL_AFFAIRS) return true;
    return household.subjectId
      ? (await ctx.loaders.consentBySubjectId.load(household.subjectId)) !== null
      : false;
  }
}
