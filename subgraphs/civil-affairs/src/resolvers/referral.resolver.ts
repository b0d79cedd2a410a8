import { Arg, Ctx, Directive, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Department } from '../../../../shared/graphql-types';
import type { SubgraphContext } from '../../../../shared/subgraph';
import type { SubjectEntity } from '../entities/subject.entity';
import type { Loaders } from '../loaders';
import type { Services } from '../services';
import { Program } from '../types/eligibility.type';
import { ReferralStatus } from '../types/enums';
import { DashboardCounters, LogEvent, Referral } from '../types/referral.type';
import { ReferralInput, UrgentCaseInput } from '../types/referral.input';
import { Subject } from '../types/subject.type';
import { UrgentCase } from '../types/visit.type';

type Context = SubgraphContext<Loaders>;

@Resolver(() => Referral)
export class ReferralResolver {
  constructor(private readonly services: Services) {}

  @Mutation(() => Referral, { description: "Refers a subject to another department's program" })
  createReferral(@Arg('input', () => ReferralInput) input: ReferralInput, @Ctx() ctx: Context) {
    return this.services.referrals.create(input, ctx.identity, (s: SubjectEntity) =>
      ctx.loaders.eligibilityBySubject.load(s),
    );
  }

  @Mutation(() => Referral)
  acceptReferral(
    @Arg('id', () => ID) id: string,
    @Arg('note', () => String, { nullable: true }) note: string | null,
    @Ctx() ctx: Context,
  ) {
    return this.services.referrals.transition(id, 'ACCEPT', ctx.identity, { note });
  }

  @Mutation(() => Referral)
  rejectReferral(
    @Arg('id', () => ID) id: string,
    @Arg('reason', () => String) reason: string,
    @Ctx() ctx: Context,
  ) {
    return this.services.referrals.transition(id, 'REJECT', ctx.identity, { reason });
  }

  @Mutation(() => Referral)
  completeReferral(
    @Arg('id', () => ID) id: string,
    @Arg('outcome', () => String) outcome: string,
    @Ctx() ctx: Context,
  ) {
    return this.services.referrals.transition(id, 'COMPLETE', ctx.identity, { outcome });
  }

  @Mutation(() => Referral, { description: 'The sender takes back a referral while it is pending' })
  withdrawReferral(
    @Arg('id', () => ID) id: string,
    @Arg('note', () => String, { nullable: true }) note: string | null,
    @Ctx() ctx: Context,
  ) {
    return this.services.referrals.transition(id, 'WITHDRAW', ctx.identity, { note });
  }

  @Query(() => [Referral], { description: "A department's inbox of referrals addressed to it, oldest first" })
  referrals(
    @Arg('department', () => Department) department: Department,
    @Arg('status', () => ReferralStatus, { nullable: true }) status: ReferralStatus | null,
    @Ctx() ctx: Context,
  ) {
    return this.services.referrals.list(department, status, ctx.identity);
  }

  @Query(() => [Referral], {
    description: '跟踪回访: referrals pending longer than the given working days (default 5)',
  })
  overdueReferrals(
    @Arg('workingDays', () => Int, { defaultValue: 5 }) workingDays: number,
    @Ctx() ctx: Context,
  ) {
    return this.services.referrals.overdue(workingDays, ctx.identity);
  }

  @Query(() => Referral, { nullable: true })
  referral(@Arg('id', () => ID) id: string, @Ctx() ctx: Context) {
    return ctx.loaders.referralById.load(id);
  }

  @FieldResolver(() => Subject)
  subject(@Root() r: Referral, @Ctx() ctx: Context) {
    return ctx.loaders.subjectById.load(r.subjectId);
  }

  @FieldResolver(() => Program)
  program(@Root() r: Referral): Program {
    return { id: r.programId, name: r.programName, department: r.toDepartment };
  }

  @FieldResolver(() => String)
  createdAt(@Root() r: Referral) {
    return r.createdAt.toISOString();
  }
}

@Resolver(() => UrgentCase)
export class UrgentCaseReportResolver {
  constructor(private readonly services: Services) {}

  @Mutation(() => UrgentCase, {
    description: '急难: fire, accident, sudden illness, disaster …; dashboards hear of it at once',
  })
  reportUrgentCase(@Arg('input', () => UrgentCaseInput) input: UrgentCaseInput, @Ctx() ctx: Context) {
    return this.services.urgentCases.report(input, ctx.identity);
  }

  @Query(() => UrgentCase, { nullable: true })
  urgentCase(@Arg('id', () => ID) id: string, @Ctx() ctx: Context) {
    return ctx.loaders.urgentCaseById.load(id);
  }

  @FieldResolver(() => String, {
    nullable: true,
    description: 'life-threatening kinds: call 110 / 119 / 120 first',
  })
  emergencyReminder(@Root() c: UrgentCase) {
    return this.services.urgentCases.emergencyReminder(c.kind);
  }

  @Query(() => DashboardCounters, { description: "A region's dashboard counters now" })
  async dashboardCounters(@Arg('regionCode', () => String) regionCode: string, @Ctx() ctx: Context) {
    const schedule = await this.services.visits.dueList(
      regionCode,
      ctx.identity,
      ctx.authorization,
      new Date(),
    );
    const now = Date.now();
    const overdue = schedule.filter((d) => d.due.dueAt && d.due.dueAt.getTime() < now).length;
    return this.services.urgentCases.counters(regionCode, overdue);
  }

  @Query(() => [LogEvent], { description: 'the event log after a cursor (internal: the gateways tail it)' })
  @Directive('@inaccessible')
  eventLog(
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Arg('limit', () => Int, { defaultValue: 500 }) limit: number,
    @Arg('waitMs', () => Int, {
      defaultValue: 0,
      description: 'wait this long for the next event if none is there yet',
    })
    waitMs: number,
    @Ctx() ctx: Context,
  ) {
    return this.services.urgentCases.events(after, limit, ctx.identity, waitMs);
  }

  @Query(() => String, { description: 'the newest cursor of the event log (internal)' })
  @Directive('@inaccessible')
  eventLogHead() {
    return this.services.urgentCases.lastCursor();
  }
}
