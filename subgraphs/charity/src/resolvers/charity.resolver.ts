import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
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
  async charity(@Root() subject: Subject, @Ctx() ctx: Context) {
    return { activeMatches: await ctx.loaders.openMatchesByIdNumber.load(subject.idNumber) };
  }
}
