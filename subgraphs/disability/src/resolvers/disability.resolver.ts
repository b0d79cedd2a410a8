import { Arg, Ctx, Directive, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import { assertPartnerRecordShown } from '../../../../shared/partner-subject';
import type { SubgraphContext } from '../../../../shared/subgraph';
import type { Loaders } from '../loaders';
import type { Services } from '../services';
import { DisabilityInput } from '../types/disability.input';
import { DisabilityRecord } from '../types/disability.type';
import { Subject } from '../types/subject.type';

type Context = SubgraphContext<Loaders>;

@Resolver(() => Subject)
export class DisabilityResolver {
  constructor(private readonly services: Services) {}

  @FieldResolver(() => DisabilityRecord, {
    nullable: true,
    description: '残联: the disability certificate, if any',
  })
  @Directive('@requires(fields: "regionScope")')
  disability(@Root() subject: Subject, @Ctx() ctx: Context) {
    assertPartnerRecordShown(subject, ctx.identity);
    return ctx.loaders.certificateByIdNumber.load(subject.idNumber);
  }

  @Mutation(() => DisabilityRecord)
  recordDisability(@Arg('input', () => DisabilityInput) input: DisabilityInput, @Ctx() ctx: Context) {
    return this.services.disability.record(input, ctx.identity);
  }
}
