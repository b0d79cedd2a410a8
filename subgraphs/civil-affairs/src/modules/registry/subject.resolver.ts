import type DataLoader from 'dataloader';
import { Arg, Ctx, FieldResolver, Int, Query, Resolver, Root } from 'type-graphql';
import { todayIso } from '../../../../../shared/dates';
import { InvalidInputError } from '../../../../../shared/errors';
import { ageOn, parseIdNumber } from '../../../../../shared/id-number';
import type { SubgraphContext } from '../../../../../shared/subgraph';
import { Assistance } from './assistance.type';
import { Household } from './household.type';
import { Region } from './region.type';
import type { RegistryLoaders } from './registry.loaders';
import { assertVisible } from './subject-access';
import { Subject } from './subject.type';

/** The consent module's loader, which the consent flag reads (consent builds on the registry, not the other way). */
interface ConsentReads {
  consentBySubjectId: DataLoader<string, object | null>;
}

type Context = SubgraphContext<RegistryLoaders & ConsentReads>;

@Resolver(() => Subject)
export class SubjectResolver {
  @Query(() => Subject, {
    nullable: true,
    description: 'The subject with this ID number, or null when the registry does not know it',
  })
  async subjectByIdNumber(@Arg('idNumber', () => String) idNumber: string, @Ctx() ctx: Context) {
    const parsed = parseIdNumber(idNumber, 'idNumber');
    const subject = await ctx.loaders.subjectByIdNumber.load(parsed.idNumber);
    if (subject) assertVisible(subject, ctx.identity);
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
      if (subject) assertVisible(subject, ctx.identity);
      return subject;
    });
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

  @FieldResolver(() => [Assistance], { description: 'every admission, current and ended, oldest first' })
  assistance(@Root() subject: Subject, @Ctx() ctx: Context) {
    return ctx.loaders.assistanceBySubjectId.load(subject.id);
  }
}
