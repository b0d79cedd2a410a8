import { Arg, Ctx, Directive, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import { assertPartnerRecordShown } from '../../../../shared/partner-subject';
import type { SubgraphContext } from '../../../../shared/subgraph';
import type { Loaders } from '../loaders';
import type { Services } from '../services';
import { UnionMemberInput } from '../types/trade-union.input';
import { TradeUnionRecord } from '../types/trade-union.type';
import { Subject } from '../types/subject.type';

type Context = SubgraphContext<Loaders>;

@Resolver(() => Subject)
export class TradeUnionResolver {
  constructor(private readonly services: Services) {}

  @FieldResolver(() => TradeUnionRecord, { nullable: true, description: '总工会: the union record, if any' })
  @Directive('@requires(fields: "regionScope")')
  tradeUnion(@Root() subject: Subject, @Ctx() ctx: Context) {
    assertPartnerRecordShown(subject, ctx.identity);
    return ctx.loaders.memberByIdNumber.load(subject.idNumber);
  }

  @Mutation(() => TradeUnionRecord)
  recordUnionMember(@Arg('input', () => UnionMemberInput) input: UnionMemberInput, @Ctx() ctx: Context) {
    return this.services.tradeUnion.record(input, ctx.identity);
  }
}
