import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Department } from '../../../../../shared/graphql-types';
import { AFTER, FIRST, encodeCursor } from '../../../../../shared/paging';
import type { SubgraphContext } from '../../../../../shared/subgraph';
import type { Services } from '../../services';
import { auditSubjectOf } from '../audit/audit.subject';
import type { EligibilityLoaders } from '../eligibility/eligibility.loaders';
import { Program } from '../eligibility/eligibility.type';
import type { PolicyLoaders } from '../policy/policy.loaders';
import type { RegistryLoaders } from '../registry/registry.loaders';
import { visibleRecord, recordSubject } from '../registry/subject-access';
import type { SubjectEntity } from '../registry/subject.entity';
import { Subject } from '../registry/subject.type';
import { ExternalProgramInput, ReferralInput } from './referral.input';
import type { ReferralLoaders } from './referral.loaders';
import { REFERRAL_CURSOR } from './referral.service';
import { ExternalProgram, Referral, ReferralStatus } from './referral.type';

type Context = SubgraphContext<RegistryLoaders & ReferralLoaders & EligibilityLoaders & PolicyLoaders>;

@Resolver(() => Referral)
export class ReferralResolver {
  constructor(private readonly services: Services) {}

  @Mutation(() => Referral, { description: "Refers a subject to another department's program" })
  createReferral(@Arg('input', () => ReferralInput) input: ReferralInput, @Ctx() ctx: Context) {
    return this.services.referrals.create(input, ctx.identity, async (s: SubjectEntity) => {
      const [record, policy] = await Promise.all([
        ctx.loaders.subjectRecord.load(s),
        ctx.loaders.policySnapshot(),
      ]);
      const { eligibility, partners } = this.services;
      const facts = eligibility.facts(record, policy);
      return eligibility.programsFor(s.idNumber, facts, input.programId.split(':')[0], partners);
    });
  }

  @Mutation(() => Referral)
  async acceptReferral(
    @Arg('id', () => ID) id: string,
    @Arg('note', () => String, { nullable: true }) note: string | null,
    @Ctx() ctx: Context,
  ) {
    return auditSubjectOf(
      await this.services.referrals.transition(id, 'ACCEPT', ctx.identity, { note }),
      ctx,
    );
  }

  @Mutation(() => Referral)
  async rejectReferral(
    @Arg('id', () => ID) id: string,
    @Arg('reason', () => String) reason: string,
    @Ctx() ctx: Context,
  ) {
    return auditSubjectOf(
      await this.services.referrals.transition(id, 'REJECT', ctx.identity, { reason }),
      ctx,
    );
  }

  @Mutation(() => Referral)
  async completeReferral(
    @Arg('id', () => ID) id: string,
    @Arg('outcome', () => String) outcome: string,
    @Ctx() ctx: Context,
  ) {
    return auditSubjectOf(
      await this.services.referrals.transition(id, 'COMPLETE', ctx.identity, { outcome }),
      ctx,
    );
  }

  @Mutation(() => Referral, { description: 'The sender takes back a referral while it is pending' })
  async withdrawReferral(
    @Arg('id', () => ID) id: string,
    @Arg('note', () => String, { nullable: true }) note: string | null,
    @Ctx() ctx: Context,
  ) {
    return auditSubjectOf(
      await this.services.referrals.transition(id, 'WITHDRAW', ctx.identity, { note }),
      ctx,
    );
  }

  @Query(() => [Referral], {
    description:
      "A department's inbox of referrals addressed to it, oldest first (then by id), a page at a time",
  })
  referrals(
    @Arg('department', () => Department) department: Department,
    @Arg('status', () => ReferralStatus, { nullable: true }) status: ReferralStatus | null,
    @Arg('first', () => Int, { nullable: true, description: FIRST }) first: number | null,
    @Arg('after', () => String, { nullable: true, description: AFTER }) after: string | null,
    @Ctx() ctx: Context,
  ) {
    return this.services.referrals.list(department, status, ctx.identity, first, after);
  }

  @Query(() => [Referral], {
    description:
      "Referrals pending longer than the working days of the subject's pack (referrals.overdueWorkingDays); workingDays overrides it",
  })
  overdueReferrals(
    @Arg('workingDays', () => Int, { nullable: true }) workingDays: number | null,
    @Ctx() ctx: Context,
  ) {
    return this.services.referrals.overdue(workingDays ?? null, ctx.identity);
  }

  @Mutation(() => Referral, {
    description: '跟踪回访: records whether the help of a completed referral arrived (civil affairs)',
  })
  recordReferralFollowUp(
    @Arg('id', () => ID) id: string,
    @Arg('helpArrived', () => Boolean) helpArrived: boolean,
    @Arg('note', () => String, { nullable: true, description: 'required when the help did not arrive' })
    note: string | null,
    @Arg('at', () => String, { nullable: true, description: 'when it was followed up; default now' })
    at: string | null,
    @Ctx() ctx: Context,
  ) {
    return this.services.referrals.recordFollowUp(id, { helpArrived, note, at }, ctx.identity);
  }

  @Query(() => [ExternalProgram], {
    description:
      'Programs of agencies outside the five departments serving a region (refer as EXTERNAL:<id>)',
  })
  externalPrograms(@Arg('regionCode', () => String) regionCode: string) {
    return this.services.referrals.externalPrograms(regionCode);
  }

  @Mutation(() => ExternalProgram, { description: "Adds an agency's program to a region's external list" })
  addExternalProgram(
    @Arg('regionCode', () => String, { description: 'the region it serves: county, township or village' })
    regionCode: string,
    @Arg('input', () => ExternalProgramInput) input: ExternalProgramInput,
    @Ctx() ctx: Context,
  ) {
    return this.services.referrals.addExternalProgram({ ...input, regionCode }, ctx.identity);
  }

  /** Only for callers who may read it in an inbox (the subscriptions ask this on their subscribers' behalf). */
  @Query(() => Referral, { nullable: true })
  async referral(@Arg('id', () => ID) id: string, @Ctx() ctx: Context) {
    const found = await ctx.loaders.referralById.load(id);
    if (found) this.services.referrals.assertReader(found.toDepartment as Department, ctx.identity);
    return visibleRecord(found, ctx.loaders.subjectById, ctx.identity, 'registered');
  }

  @FieldResolver(() => Subject, {
    nullable: true,
    description: 'withheld once the person has moved out of your region',
  })
  subject(@Root() r: Referral, @Ctx() ctx: Context) {
    return recordSubject(ctx.loaders.subjectById, r.subjectId, ctx.identity);
  }

  @FieldResolver(() => Program)
  program(@Root() r: Referral): Program {
    return { id: r.programId, name: r.programName, department: r.toDepartment };
  }

  @FieldResolver(() => String, {
    description: 'this item’s place in its list: pass it as `after` for the next page',
  })
  cursor(@Root() r: Referral) {
    return encodeCursor(REFERRAL_CURSOR, r.id);
  }

  @FieldResolver(() => String)
  createdAt(@Root() r: Referral) {
    return r.createdAt.toISOString();
  }

  @FieldResolver(() => String, {
    nullable: true,
    description: "跟踪回访: the follow-up visit is due by then (the region's pack); set when completed",
  })
  followUpDueAt(@Root() r: Referral) {
    return r.followUpDueAt?.toISOString() ?? null;
  }

  @FieldResolver(() => String, { nullable: true })
  followedUpAt(@Root() r: Referral) {
    return r.followedUpAt?.toISOString() ?? null;
  }
}
