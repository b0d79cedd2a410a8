import type DataLoader from 'dataloader';
import { Arg, Ctx, Directive, FieldResolver, Int, Query, Resolver, Root } from 'type-graphql';
import { Department } from '../../../../../shared/departments';
import { InvalidInputError } from '../../../../../shared/errors';
import { ageOn, parseIdNumber } from '../../../../../shared/id-number';
import { chinaDate } from '../../../../../shared/policy/durations';
import type { SubgraphContext } from '../../../../../shared/subgraph';
import { Assistance } from './assistance.type';
import { Household } from './household.type';
import { Region } from './region.type';
import type { RegistryLoaders } from './registry.loaders';
import { visibleOrNull } from './subject-access';
import { Subject } from './subject.type';

/** The consent module's loader, which the consent flag reads (consent builds on the registry, not the other way). */
interface ConsentReads {
  consentBySubjectId: DataLoader<string, object | null>;
  sharingBySubjectId: DataLoader<string, Array<{ department: string }>>;
}

type Context = SubgraphContext<RegistryLoaders & ConsentReads>;

@Resolver(() => Subject)
export class SubjectResolver {
  @Query(() => Subject, {
    nullable: true,
    description:
      'The subject with this ID number, or null when the registry does not know it or it is outside your region',
  })
  async subjectByIdNumber(@Arg('idNumber', () => String) idNumber: string, @Ctx() ctx: Context) {
    const parsed = parseIdNumber(idNumber, 'idNumber');
    // outside the caller's region a person is answered as unknown: the answer tells nothing
    return visibleOrNull(await ctx.loaders.subjectByIdNumber.load(parsed.idNumber), ctx.identity);
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
      return visibleOrNull(subject, ctx.identity);
    });
  }

  @FieldResolver(() => String, {
    description:
      '18-character resident ID number (GB 11643); other departments see it masked unless they hold a record of or a referral for the person',
  })
  async idNumber(@Root() subject: Subject, @Ctx() ctx: Context) {
    const identity = ctx.identity;
    // civil affairs says which of the ID numbers it gives another department may be shown in full;
    // the gateway masks the others in the final answer (they are every subgraph's key until then)
    if (identity && ctx.idNumbers && identity.department !== Department.CIVIL_AFFAIRS && !identity.service) {
      const sharing = await ctx.loaders.sharingBySubjectId.load(subject.id);
      const shown = sharing.some((r) => r.department === identity.department);
      (shown ? ctx.idNumbers.shown : ctx.idNumbers.masked).add(subject.idNumber);
    }
    return subject.idNumber;
  }

  @FieldResolver(() => [String], {
    description: "where the person is registered and lives now: partners' records @require it (internal)",
  })
  @Directive('@inaccessible')
  regionScope(@Root() subject: Subject) {
    return [...new Set([subject.registeredRegionCode, subject.residenceRegionCode])];
  }

  @FieldResolver(() => Int, { description: 'whole years, today' })
  age(@Root() subject: Subject) {
    // today in China (UTC+8)
    return ageOn(subject.birthDate, chinaDate(new Date()));
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
