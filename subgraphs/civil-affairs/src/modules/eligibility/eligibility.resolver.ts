import { GraphQLJSONObject } from 'graphql-scalars';
import { Ctx, Directive, FieldResolver, Resolver, Root } from 'type-graphql';
import type { SubgraphContext } from '../../../../../shared/subgraph';
import type { Services } from '../../services';
import type { PolicyLoaders } from '../policy/policy.loaders';
import { Tier, TierReason } from '../policy/policy.type';
import type { SubjectEntity } from '../registry/subject.entity';
import { Subject } from '../registry/subject.type';
import type { EligibilityLoaders } from './eligibility.loaders';
import { Eligibility } from './eligibility.type';

type Context = SubgraphContext<EligibilityLoaders & PolicyLoaders>;

/** What the rules make of a subject's record: its tier (the region's pack) and every department's programs. */
@Resolver(() => Subject)
export class SubjectStandingResolver {
  constructor(private readonly services: Services) {}

  @FieldResolver(() => Tier, {
    nullable: true,
    description:
      "对象分级, computed now by the region's policy pack from the record (null when no pack covers the region)",
  })
  async tier(@Root() subject: Subject, @Ctx() ctx: Context): Promise<Tier | null> {
    const result = await ctx.loaders.tierBySubject.load(subject as SubjectEntity);
    return (result?.decision.tier as Tier) ?? null;
  }

  @FieldResolver(() => TierReason, {
    nullable: true,
    description: 'the rule that gave the tier, with its source',
  })
  async tierReason(@Root() subject: Subject, @Ctx() ctx: Context): Promise<TierReason | null> {
    const result = await ctx.loaders.tierBySubject.load(subject as SubjectEntity);
    if (!result) return null;
    const { decision, pack } = result;
    return { ...decision, tier: decision.tier as Tier, pack: `${pack.key} v${pack.version}` };
  }

  @FieldResolver(() => [Eligibility], {
    description: "every department's programs the subject may qualify for or already receives, with reasons",
  })
  eligibility(@Root() subject: Subject, @Ctx() ctx: Context) {
    return ctx.loaders.eligibilityBySubject
      .load(subject as SubjectEntity)
      .then((list) =>
        list.map((p) => ({ program: p, eligible: p.eligible, enrolled: p.enrolled, reasons: p.reasons })),
      );
  }

  @FieldResolver(() => GraphQLJSONObject, {
    nullable: true,
    description: 'facts partner departments @require for their rules (internal)',
  })
  @Directive('@inaccessible')
  async eligibilityFacts(@Root() subject: Subject, @Ctx() ctx: Context) {
    const [{ record }, policy] = await Promise.all([
      ctx.loaders.subjectRecord.load(subject as SubjectEntity),
      ctx.loaders.policySnapshot(),
    ]);
    return this.services.eligibility.facts(record, policy);
  }
}
