import { Field, ID, Int, ObjectType } from 'type-graphql';
import {
  DiscoveryCategory,
  DiscoveryDecision,
  DiscoveryMethod,
  DiscoveryStatus,
  SuspectedAssistance,
} from './enums';

@ObjectType({ description: "The township's investigation (三个不放过: seen, clear, proposal)" })
export class Investigation {
  @Field(() => String, { nullable: true })
  coordinator: string | null;

  @Field(() => Boolean)
  personSeen: boolean;

  @Field(() => Boolean)
  situationClear: boolean;

  @Field(() => String, { nullable: true })
  proposal: string | null;

  @Field(() => String, { nullable: true })
  findings: string | null;

  @Field(() => String, { nullable: true })
  investigatedAt: string | null;
}

@ObjectType()
export class DiscoveryOutcome {
  @Field(() => DiscoveryDecision)
  decision: DiscoveryDecision;

  @Field(() => String, { nullable: true })
  reason: string | null;

  @Field(() => String)
  decidedAt: string;

  @Field(() => String, { nullable: true, description: 'date included in assistance' })
  includedOn: string | null;

  @Field(() => String, { nullable: true, description: 'observation list: when to look again' })
  reviewOn: string | null;
}

@ObjectType({ description: '主动发现线索: a lead, with the investigation and its outcome' })
export class Discovery {
  @Field(() => ID)
  id: string;

  @Field(() => DiscoveryMethod)
  method: DiscoveryMethod;

  @Field(() => DiscoveryCategory)
  category: DiscoveryCategory;

  @Field(() => DiscoveryStatus)
  status: DiscoveryStatus;

  @Field(() => [SuspectedAssistance])
  suspectedAssistance: SuspectedAssistance[];

  @Field(() => String, { nullable: true })
  householdSituation: string | null;

  @Field(() => String, { nullable: true })
  note: string | null;

  @Field(() => String)
  foundBy: string;

  @Field(() => String)
  foundByDepartment: string;

  @Field(() => String)
  townshipCode: string;

  subjectId: string;
  foundAt: Date;
}

@ObjectType({ description: 'A village with fewer coordinators than its pack asks' })
export class CoordinatorGap {
  @Field(() => String)
  villageCode: string;

  @Field(() => String)
  villageName: string;

  @Field(() => Int)
  coordinators: number;

  @Field(() => Int)
  required: number;

  @Field(() => String)
  source: string;
}

@ObjectType({ description: '协理员 / 社区救助顾问' })
export class Coordinator {
  @Field(() => ID)
  id: string;

  @Field(() => String)
  villageCode: string;

  @Field(() => String)
  name: string;
}
