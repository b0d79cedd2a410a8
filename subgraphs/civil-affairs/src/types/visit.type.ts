import { Field, ID, ObjectType } from 'type-graphql';
import { FindingStatus, Tier, UrgentCaseKind, VisitMode } from './enums';

@ObjectType()
export class TemplateDimension {
  @Field(() => String)
  key: string;

  @Field(() => String)
  label: string;

  @Field(() => [String], { description: 'what to check, seasonal items included' })
  items: string[];
}

@ObjectType({ description: "The region's assessment template on the day of the visit" })
export class AssessmentTemplate {
  @Field(() => String)
  key: string;

  @Field(() => [TemplateDimension])
  dimensions: TemplateDimension[];

  @Field(() => [String], { description: 'seasons in force (e.g. 汛期, 冬季)' })
  seasons: string[];
}

@ObjectType()
export class VisitFinding {
  @Field(() => String)
  dimension: string;

  @Field(() => FindingStatus)
  status: FindingStatus;

  @Field(() => String, { nullable: true })
  note: string | null;
}

@ObjectType()
export class VisitSignOff {
  @Field(() => String)
  role: string;

  @Field(() => String)
  name: string;

  @Field(() => String)
  signedAt: string;
}

@ObjectType({ description: '急难: a sudden event; a visit is due within the pack’s limit' })
export class UrgentCase {
  @Field(() => ID)
  id: string;

  @Field(() => UrgentCaseKind)
  kind: UrgentCaseKind;

  @Field(() => String)
  occurredAt: string;

  @Field(() => String)
  visitDeadline: string;

  @Field(() => String, { nullable: true })
  description: string | null;

  subjectId: string;
}

@ObjectType({ description: '探访 / 巡访' })
export class Visit {
  @Field(() => ID)
  id: string;

  @Field(() => VisitMode)
  mode: VisitMode;

  @Field(() => String)
  visitor: string;

  @Field(() => [String])
  coVisitors: string[];

  @Field(() => String, { description: 'township responsible for the visit' })
  townshipCode: string;

  @Field(() => Tier, { description: 'tier when the visit started' })
  tier: Tier;

  @Field(() => AssessmentTemplate)
  template: AssessmentTemplate;

  @Field(() => [VisitFinding], { nullable: true })
  findings: VisitFinding[] | null;

  @Field(() => [String])
  needs: string[];

  @Field(() => String, { nullable: true })
  actions: string | null;

  @Field(() => String, { nullable: true })
  photoRef: string | null;

  @Field(() => String, { nullable: true })
  signatureRef: string | null;

  @Field(() => [VisitSignOff])
  signOffs: VisitSignOff[];

  @Field(() => String, {
    nullable: true,
    description: 'report the change to the county by this date (working days)',
  })
  changeReportDue: string | null;

  @Field(() => String, { nullable: true, description: 'assistance plan due by this date (working days)' })
  assistancePlanDue: string | null;

  subjectId: string;
  startedAt: Date;
  endedAt: Date | null;
  nextDueAt: Date | null;
  urgentCaseId: string | null;
}

@ObjectType({ description: 'A subject whose next visit is due' })
export class DueVisit {
  @Field(() => String)
  dueAt: string;

  @Field(() => String, { nullable: true })
  lastVisitAt: string | null;

  @Field(() => String, { description: 'why it is due (Chinese), e.g. 按KEY频次定期走访' })
  reason: string;

  @Field(() => String, { description: 'the rule’s source in its policy pack' })
  source: string;

  subject: unknown;
}
