import { Field, ID, InputType } from 'type-graphql';
import { AssistanceInput } from '../registration/registration.input';
import { DiscoveryCategory, DiscoveryDecision, DiscoveryMethod, SuspectedAssistance } from './discovery.type';

@InputType()
export class DiscoveryInput {
  @Field(() => String, {
    nullable: true,
    description: 'the person’s ID number; may be left out for a person not registered yet (give personName)',
  })
  idNumber?: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      'a person not registered yet (street patrol, hotline): the name; the lead links itself when the ID number given is registered',
  })
  personName?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'where a person not registered yet was found: township or village code',
  })
  regionCode?: string | null;

  @Field(() => DiscoveryMethod)
  method: DiscoveryMethod;

  @Field(() => DiscoveryCategory)
  category: DiscoveryCategory;

  @Field(() => [SuspectedAssistance])
  suspectedAssistance: SuspectedAssistance[];

  @Field(() => String, { nullable: true, description: '家庭情况' })
  householdSituation?: string | null;

  @Field(() => String, { nullable: true })
  note?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'a data push’s own key: filing the same key twice files once',
  })
  sourceKey?: string | null;
}

@InputType()
export class InvestigationInput {
  @Field(() => Boolean, { description: '见到本人' })
  personSeen: boolean;

  @Field(() => Boolean, { description: '情况清楚' })
  situationClear: boolean;

  @Field(() => String, { nullable: true, description: '处理意见' })
  proposal?: string | null;

  @Field(() => String, { nullable: true })
  findings?: string | null;
}

@InputType()
export class DecisionInput {
  @Field(() => DiscoveryDecision)
  decision: DiscoveryDecision;

  @Field(() => String, { nullable: true, description: 'required when NOT_ELIGIBLE' })
  reason?: string | null;

  @Field(() => String, { nullable: true, description: 'required when INCLUDED (YYYY-MM-DD)' })
  includedOn?: string | null;

  @Field(() => String, {
    nullable: true,
    description: "observation list review date; default the region's pack (observation.reviewEvery)",
  })
  reviewOn?: string | null;

  @Field(() => [AssistanceInput], {
    nullable: true,
    description: 'INCLUDED: what was granted; the subject’s assistance statuses gain it',
  })
  granted?: AssistanceInput[] | null;

  @Field(() => ID, { nullable: true, description: 'INCLUDED: or the referral made for the person' })
  referralId?: string | null;
}
