import { GraphQLJSONObject } from 'graphql-scalars';
import { Arg, Ctx, Directive, FieldResolver, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Eligibility } from '../types/eligibility.type';
import { ForbiddenError, InvalidInputError } from '../../../../shared/errors';
import { ageOn, parseIdNumber } from '../../../../shared/id-number';
import { todayIso } from '../../../../shared/dates';
import type { SubgraphContext } from '../../../../shared/subgraph';
import type { Loaders } from '../loaders';
import type { Services } from '../services';
import { isVisibleTo } from '../services/subject.service';
import { Assistance } from '../types/assistance.type';
import { Tier } from '../types/enums';
import { Household } from '../types/household.type';
import { Region } from '../types/region.type';
import { SubjectInput } from '../types/subject.input';
import { Subject } from '../types/subject.type';
import { TierReason } from '../types/policy.type';
import type { SubjectEntity } from '../entities/subject.entity';

type Context = SubgraphContext<Loaders>;

@Resolver(() => Subject)
export class SubjectResolver {
  constructor(private readonly services: Services) {}

  @Query(() => Subject, {
    nullable: true,
    description: 'The subject with this ID number, or null when the registry does not know it',
  })
  async subjectByIdNumber(@Arg('idNumber', () => String) idNumber: string, @Ctx() ctx: Context) {
    const parsed = parseIdNumber(idNumber, 'idNumber');
    const subject = await ctx.loaders.subjectByIdNumber.load(parsed.idNumber);
    if (subject && !isVisibleTo(subject, ctx.identity)) {
      throw new ForbiddenError(`this subject is registered outside your region ${ctx.identity.region}`);
    }
    return subject;
  }

  @Query(() => [Subject], {
    nullable: 'items',
    description:
      'Several subjects at once, in the order asked; null where the registry does not know one (at most 200)',
  })
  async subjectsByIdNumbers(@Arg('idNumbers', () => [String]) idNumbers: string[], @Ctx() ctx: Context) {
    if (idNumbers.length > 200)
      throw new InvalidInputError('idNumbers', 'ask for at most 200 at a time', 'TOO_MANY');
    const parsed = idNumbers.map((id, i) => parseIdNumber(id, `idNumbers[${i}]`).idNumber);
    const subjects = await ctx.loaders.subjectByIdNumber.loadMany(parsed);
    return subjects.map((subject) => {
      if (subject instanceof Error) throw subject;
      if (subject && !isVisibleTo(subject, ctx.identity)) {
        throw new ForbiddenError(
          `subject ${subject.idNumber.slice(0, 6)}… is registered outside your region ${ctx.identity.region}`,
        );
      }
      return subject;
    });
  }

  @Mutation(() => Subject, { description: 'Registers a subject, or updates the one with the same ID number' })
  registerSubject(@Arg('input', () => SubjectInput) input: SubjectInput, @Ctx() ctx: Context) {
    return this.services.subjects.register(input, ctx.identity);
  }

  @FieldResolver(() => Int, { description: 'whole years, today' })
  age(@Root() subject: Subject) {
    return ageOn(subject.birthDate, todayIso());
  }

  @FieldResolver(() => Region, { description: '户籍地: the region of household registration' })
  region(@Root() subject: Subject, @Ctx() ctx: Context) {
    return ctx.loaders.regionByCode.load(subject.registeredRegionCode);
  }

  @FieldResolver(() => Region, { description: '居住地: where the subject lives (may differ: 人户分离)' })
  residenceRegion(@Root() subject: Subject, @Ctx() ctx: Context) {
    return ctx.loaders.regionByCode.load(subject.residenceRegionCode);
  }

  @FieldResolver(() => Household, { nullable: true })
  async household(@Root() subject: Subject, @Ctx() ctx: Context) {
    const household = subject.householdId ? await ctx.loaders.householdById.load(subject.householdId) : null;
    return household ? { ...household, subjectId: subject.id } : null;
  }

  @FieldResolver(() => Boolean, {
    description: 'a signed authorisation lets other departments see the economic figures',
  })
  async economicDataConsent(@Root() subject: Subject, @Ctx() ctx: Context) {
    return (await ctx.loaders.consentBySubjectId.load(subject.id)) !== null;
  }

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

  @FieldResolver(() => [Assistance], { description: 'every admission, current and ended, oldest first' })
  assistance(@Root() subject: Subject, @Ctx() ctx: Context) {
    return ctx.loaders.assistanceBySubjectId.load(subject.id);
  }

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
