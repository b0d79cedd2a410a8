import { Field, Float, InputType, Int } from 'type-graphql';
import { ChangeKind, FindingStatus } from './visit.type';

@InputType()
export class ItemFindingInput {
  @Field(() => String, { description: "one of the dimension's items in the visit's template" })
  item: string;

  @Field(() => FindingStatus)
  status: FindingStatus;

  @Field(() => String, { nullable: true, description: 'required for CONCERN and URGENT' })
  note?: string | null;
}

@InputType()
export class TeamMemberInput {
  @Field(() => String)
  name: string;

  @Field(() => String, { description: "a role of the pack's team (Rui'an: 党员, 救助社工, 网格员)" })
  role: string;
}

@InputType()
export class FindingInput {
  @Field(() => String, { description: "a dimension key of the visit's template" })
  dimension: string;

  @Field(() => FindingStatus)
  status: FindingStatus;

  @Field(() => String, { nullable: true, description: 'required for CONCERN and URGENT' })
  note?: string | null;

  @Field(() => [ItemFindingInput], {
    nullable: true,
    description: "the dimension's sub-items as assessed, each recorded on its own",
  })
  items?: ItemFindingInput[] | null;
}

@InputType()
export class SignOffInput {
  @Field(() => String, { description: 'e.g. 村（居）主任' })
  role: string;

  @Field(() => String)
  name: string;

  @Field(() => String)
  signedAt: string;
}

@InputType({ description: "The household's figures as a visit found them (一户一档: every member's file)" })
export class HouseholdFoundInput {
  @Field(() => Int, { description: '家庭人口' })
  size: number;

  @Field(() => Float, { description: 'monthly per-capita income, yuan' })
  monthlyIncomePerCapita: number;
}

@InputType()
export class VisitFindingsInput {
  @Field(() => String, { description: 'ISO date-time with offset' })
  endedAt: string;

  @Field(() => [FindingInput])
  findings: FindingInput[];

  @Field(() => [String], { nullable: true, description: 'need codes, e.g. MEDICAL, LIVING, CARE' })
  needs?: string[] | null;

  @Field(() => String, { nullable: true, description: 'actions taken on the spot' })
  actions?: string | null;

  @Field(() => Boolean, { nullable: true, description: 'opens an urgent case (as does any URGENT finding)' })
  urgent?: boolean | null;

  @Field(() => String, { nullable: true })
  photoRef?: string | null;

  @Field(() => String, { nullable: true })
  signatureRef?: string | null;

  @Field(() => [String], { nullable: true, description: 'names only; `team` gives each a role' })
  coVisitors?: string[] | null;

  @Field(() => [TeamMemberInput], {
    nullable: true,
    description: "the visiting team with roles (Rui'an 组团式探访: 党员 + 救助社工 + 网格员)",
  })
  team?: TeamMemberInput[] | null;

  @Field(() => [SignOffInput], { nullable: true })
  signOffs?: SignOffInput[] | null;

  @Field(() => [ChangeKind], { nullable: true, description: 'changes found since the last visit' })
  changes?: ChangeKind[] | null;

  @Field(() => HouseholdFoundInput, {
    nullable: true,
    description:
      "the household's size and income as found: updates the household file of every member; a difference is a HOUSEHOLD / INCOME change",
  })
  household?: HouseholdFoundInput | null;
}

@InputType({
  description: "The county's initial assistance plan: the measures, or notEligible: true (not both)",
})
export class AssistancePlanInput {
  @Field(() => [String], { nullable: true, description: 'the measures decided' })
  measures?: string[] | null;

  @Field(() => Boolean, {
    nullable: true,
    description: 'cancel assistance: not eligible — ends the subject’s active assistance statuses',
  })
  notEligible?: boolean | null;
}
