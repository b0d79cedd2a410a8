import { GraphQLJSONObject } from 'graphql-scalars';
import { Ctx, Directive, FieldResolver, Resolver, Root } from 'type-graphql';
import type { Department } from '../../../../../shared/departments';
import { programsField } from '../../../../../shared/partner-programs';
import type { ProgramResult } from '../../../../../shared/policy/programs';
import type { SubgraphContext } from '../../../../../shared/subgraph';
import type { Services } from '../../services';
import type { ConsentLoaders } from '../consent/consent.loaders';
import type { PolicyLoaders } from '../policy/policy.loaders';
import { Tier, TierReason } from '../policy/policy.type';
import type { SubjectEntity } from '../registry/subject.entity';
import { Subject } from '../registry/subject.type';
import type { SubjectStandingEntity } from '../standing/standing.entity';
import type { StandingLoaders } from '../standing/standing.loaders';
import type { EligibilityLoaders } from './eligibility.loaders';
import { PARTNERS, PartnerAnswers } from './eligibility.service';
import { Eligibility } from './eligibility.type';

type Context = SubgraphContext<EligibilityLoaders & PolicyLoaders & StandingLoaders & ConsentLoaders>;

/** The subject as the eligibility fetch sees it: the partners' answers, and its stored standing. */
export type SubjectWithAnswers = Subject & Record<string, unknown> & { standing?: SubjectStandingEntity };

const REQUIRED = PARTNERS.map(programsField).join(' ');
const PROGRAMS_OF = { type: () => [GraphQLJSONObject], nullable: true };

/**
 * What the rules make of a subject's record: its tier (the region's pack, decided now from the record
 * and the facts partners published) and every department's programs. The partners' answers reach
 * `eligibility` through the gateway's query plan (`@requires`), never by a call from here.
 */
@Resolver(() => Subject)
export class SubjectStandingResolver {
  constructor(private readonly services: Services) {}

  @FieldResolver(() => Tier, {
    nullable: true,
    description:
      "对象分级, decided now by the region's policy pack from the record (null when no pack covers the region)",
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

  @FieldResolver(() => GraphQLJSONObject, {
    nullable: true,
    description: 'facts partner departments @require for their rules (internal)',
  })
  @Directive('@inaccessible')
  async eligibilityFacts(@Root() subject: Subject, @Ctx() ctx: Context) {
    const [record, policy, consent] = await Promise.all([
      ctx.loaders.subjectRecord.load(subject as SubjectEntity),
      ctx.loaders.policySnapshot(),
      ctx.loaders.consentBySubjectId.load(subject.id),
    ]);
    // these go to the other departments' rules: income and property only with the subject's consent
    return this.services.eligibility.sharedFacts(record, policy, consent !== null);
  }

  // each partner's program answers, resolved by that partner in the plan (declared here to be @required)
  @FieldResolver(PROGRAMS_OF.type, { nullable: true, name: 'disabilityPrograms' })
  @Directive('@external')
  disabilityPrograms(@Root() s: SubjectWithAnswers) {
    return s.disabilityPrograms;
  }

  @FieldResolver(PROGRAMS_OF.type, { nullable: true, name: 'tradeUnionPrograms' })
  @Directive('@external')
  tradeUnionPrograms(@Root() s: SubjectWithAnswers) {
    return s.tradeUnionPrograms;
  }

  @FieldResolver(PROGRAMS_OF.type, { nullable: true, name: 'healthPrograms' })
  @Directive('@external')
  healthPrograms(@Root() s: SubjectWithAnswers) {
    return s.healthPrograms;
  }

  @FieldResolver(PROGRAMS_OF.type, { nullable: true, name: 'charityPrograms' })
  @Directive('@external')
  charityPrograms(@Root() s: SubjectWithAnswers) {
    return s.charityPrograms;
  }

  @FieldResolver(() => [Eligibility], {
    description: "every department's programs the subject may qualify for or already receives, with reasons",
  })
  @Directive(`@requires(fields: "${REQUIRED}")`)
  async eligibility(@Root() subject: SubjectWithAnswers, @Ctx() ctx: Context) {
    // the stored standing's facts (the reference resolver read it); a subject never computed is read live
    const facts =
      (subject.standing?.facts as Record<string, never> | undefined) ??
      this.services.eligibility.facts(
        await ctx.loaders.subjectRecord.load(subject as unknown as SubjectEntity),
        await ctx.loaders.policySnapshot(),
      );
    const answers: PartnerAnswers = Object.fromEntries(
      PARTNERS.map((d: Department) => [d, subject[programsField(d)] as ProgramResult[] | null | undefined]),
    );
    return this.services.eligibility
      .answer(facts, answers)
      .map((p) => ({ program: p, eligible: p.eligible, enrolled: p.enrolled, reasons: p.reasons }));
  }
}
