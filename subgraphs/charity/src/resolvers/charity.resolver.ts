import { Ctx, Directive, FieldResolver, Resolver, Root } from 'type-graphql';
import { assertPartnerRecordShown } from '../../../../shared/partner-subject';
import type { SubgraphContext } from '../../../../shared/subgraph';
import type { Loaders } from '../loaders';
import { CharityProfile } from '../types/charity-match.type';
import { Subject } from '../types/subject.type';

type Context = SubgraphContext<Loaders>;

@Resolver(() => Subject)
export class CharityResolver {
  @FieldResolver(() => CharityProfile, {
    nullable: true,
    description: '慈善 / 红会: the subject’s charity matches (null only when the department cannot answer)',
  })
  @Directive('@requires(fields: "regionScope")')
  async charity(@Root() subject: Subject, @Ctx() ctx: Context) {
    assertPartnerRecordShown(subject, ctx.identity);
    return { activeMatches: await ctx.loaders.openMatchesByIdNumber.load(subject.idNumber) };
  }
}
