import { Field, InputType } from 'type-graphql';
import { DiscoveryCategory, DiscoveryDecision, DiscoveryMethod, SuspectedAssistance } from './discovery.type';

@InputType()
export class DiscoveryInput {
  @Field(() => String)
  idNumber: string;

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
    description: 'observation list review date; default three months on',
  })
  reviewOn?: string | null;
}
