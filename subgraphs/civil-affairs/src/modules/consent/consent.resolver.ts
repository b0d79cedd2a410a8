import { Arg, Ctx, FieldResolver, Float, Mutation, Resolver, Root } from 'type-graphql';
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

/**
 * Economic figures reach other departments only with the subject's signed authorisation: the
 * masking guard (shared/disclosure.ts) withholds them, saying why, by the sensitive-field table.
 */
@Resolver(() => Household)
export class HouseholdResolver {
  @FieldResolver(() => Float, {
    nullable: true,
    description:
      'monthly per-capita income, yuan; withheld from other departments without the subject’s consent',
  })
  monthlyIncomePerCapita(@Root() household: Household) {
    return household.monthlyIncomePerCapita;
  }

  @FieldResolver(() => String, { nullable: true, description: 'property; consent as for income' })
  propertyNote(@Root() household: Household) {
    return household.propertyNote;
  }
}
