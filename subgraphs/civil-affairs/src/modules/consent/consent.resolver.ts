import { Arg, Ctx, FieldResolver, Float, Mutation, Resolver, Root } from 'type-graphql';
import { Department } from '../../../../../shared/departments';
import type { SubgraphContext } from '../../../../../shared/subgraph';
import type { Services } from '../../services';
import { Household } from '../registry/household.type';
import { Subject } from '../registry/subject.type';
import type { ConsentLoaders } from './consent.loaders';

type Context = SubgraphContext<ConsentLoaders>;

@Resolver(() => Subject)
export class ConsentResolver {
  constructor(private readonly services: Services) {}

  @Mutation(() => Subject, {
    description: "Records the subject's signed authorisation to share economic data",
  })
  recordConsent(
    @Arg('idNumber', () => String) idNumber: string,
    @Arg('reference', () => String, { description: 'the signed authorisation: document number or file' })
    reference: string,
    @Arg('signedOn', () => String) signedOn: string,
    @Ctx() ctx: Context,
  ) {
    return this.services.consents.record(idNumber, reference, signedOn, ctx.identity);
  }

  @Mutation(() => Subject)
  revokeConsent(@Arg('idNumber', () => String) idNumber: string, @Ctx() ctx: Context) {
    return this.services.consents.revoke(idNumber, ctx.identity);
  }
}

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
