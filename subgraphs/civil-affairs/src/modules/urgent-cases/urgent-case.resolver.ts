import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { SubgraphContext } from '../../../../../shared/subgraph';
import type { Services } from '../../services';
import type { PolicyLoaders } from '../policy/policy.loaders';
import type { RegistryLoaders } from '../registry/registry.loaders';
import { visibleRecord, recordSubject } from '../registry/subject-access';
import { Subject } from '../registry/subject.type';
import { UrgentCaseInput } from './urgent-case.input';
import type { UrgentCaseLoaders } from './urgent-case.loaders';
import { UrgentCase } from './urgent-case.type';

type Context = SubgraphContext<RegistryLoaders & UrgentCaseLoaders & PolicyLoaders>;

@Resolver(() => UrgentCase)
export class UrgentCaseResolver {
  constructor(private readonly services: Services) {}

  @Mutation(() => UrgentCase, {
    description: '急难: fire, accident, sudden illness, disaster …; dashboards hear of it at once',
  })
  reportUrgentCase(@Arg('input', () => UrgentCaseInput) input: UrgentCaseInput, @Ctx() ctx: Context) {
    return this.services.urgentCases.report(input, ctx.identity);
  }

  /** Only for callers who may see its subject (the subscriptions ask this on their subscribers' behalf). */
  @Query(() => UrgentCase, { nullable: true })
  async urgentCase(@Arg('id', () => ID) id: string, @Ctx() ctx: Context) {
    return visibleRecord(await ctx.loaders.urgentCaseById.load(id), ctx.loaders.subjectById, ctx.identity);
  }

  @FieldResolver(() => String)
  occurredAt(@Root() c: { occurredAt: Date }) {
    return c.occurredAt.toISOString();
  }

  @FieldResolver(() => String)
  visitDeadline(@Root() c: { visitDeadline: Date }) {
    return c.visitDeadline.toISOString();
  }

  @FieldResolver(() => String, {
    nullable: true,
    description:
      "whom to call first if life is in danger: the region's pack's emergency numbers for the kind",
  })
  async emergencyReminder(@Root() c: UrgentCase & { subjectId: string }, @Ctx() ctx: Context) {
    const [subject, policy] = await Promise.all([
      ctx.loaders.subjectById.load(c.subjectId),
      ctx.loaders.policySnapshot(),
    ]);
    const pack = subject ? policy.packFor(subject.registeredRegionCode)?.pack : undefined;
    return this.services.urgentCases.emergencyReminder(c.kind, pack);
  }

  @FieldResolver(() => Subject, {
    nullable: true,
    description: 'withheld once the person has moved out of your region',
  })
  subject(@Root() c: UrgentCase, @Ctx() ctx: Context) {
    return recordSubject(ctx.loaders.subjectById, c.subjectId, ctx.identity);
  }
}
