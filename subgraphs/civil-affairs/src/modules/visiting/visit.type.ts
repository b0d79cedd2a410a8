import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { Department } from '../../../../../shared/graphql-types';
import { SuspectedAssistance } from '../discoveries/discovery.type';
import { Tier } from '../policy/policy.type';
import { ExternalProgramArea } from '../referrals/referral.type';

export enum VisitMode {
  HOME = 'HOME',
  PHONE = 'PHONE',
}

export enum FindingStatus {
  OK = 'OK',
  CONCERN = 'CONCERN',
  URGENT = 'URGENT',
}

/** What changed since the last visit (Fuzhou: report within 2 working days, plan within 3). */
export enum ChangeKind {
  HOUSEHOLD = 'HOUSEHOLD',
  INCOME = 'INCOME',
  PROPERTY = 'PROPERTY',
  HEALTH = 'HEALTH',
  LIVING_CONDITIONS = 'LIVING_CONDITIONS',
}

/** CARE 探访关爱; HAPPINESS_LIST_DELIVERY 幸福清单送达 (瑞救办〔2021〕5号 四(二), 附件), where the pack lists it. */
export enum VisitKind {
  CARE = 'CARE',
  HAPPINESS_LIST_DELIVERY = 'HAPPINESS_LIST_DELIVERY',
}

/** Where a change report stands (Fuzhou 2018 五(三)): each step due, overdue, or done. */
export enum ChangeState {
  REPORT_DUE = 'REPORT_DUE',
  REPORT_OVERDUE = 'REPORT_OVERDUE',
  PLAN_DUE = 'PLAN_DUE',
  PLAN_OVERDUE = 'PLAN_OVERDUE',
  DONE = 'DONE',
}

registerEnumType(ChangeState, {
  name: 'ChangeState',
  description:
    'REPORT_DUE/REPORT_OVERDUE: the township has not reported the change yet · PLAN_DUE/PLAN_OVERDUE: reported, the county has no plan yet · DONE',
});
registerEnumType(VisitMode, { name: 'VisitMode', description: 'HOME 上门 · PHONE 电话' });
registerEnumType(VisitKind, {
  name: 'VisitKind',
  description:
    'CARE 探访关爱 (assesses the template) · HAPPINESS_LIST_DELIVERY 幸福清单送达 (photo and signature; resets no due date)',
});
registerEnumType(FindingStatus, { name: 'FindingStatus' });
registerEnumType(ChangeKind, { name: 'ChangeKind' });

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
export class ItemFinding {
  @Field(() => String)
  item: string;

  @Field(() => FindingStatus)
  status: FindingStatus;

  @Field(() => String, { nullable: true })
  note: string | null;
}

@ObjectType()
export class TeamMember {
  @Field(() => String)
  name: string;

  @Field(() => String)
  role: string;
}

@ObjectType({ description: 'What a need found on a visit suggests: a referral, or a discovery to confirm' })
export class VisitSuggestion {
  @Field(() => String)
  need: string;

  @Field(() => String)
  label: string;

  @Field(() => Department, {
    nullable: true,
    description: 'refer to one of this department’s programs (createReferral)',
  })
  department: string | null;

  @Field(() => ExternalProgramArea, {
    nullable: true,
    description: "refer to an outside agency of this area on the region's list (externalPrograms)",
  })
  externalArea: string | null;

  @Field(() => [SuspectedAssistance], {
    description: 'what a discovery confirmed from this need suspects (confirmVisitNeeds)',
  })
  suspectedAssistance: string[];
}

@ObjectType()
export class VisitFinding {
  @Field(() => String)
  dimension: string;

  @Field(() => FindingStatus)
  status: FindingStatus;

  @Field(() => String, { nullable: true })
  note: string | null;

  @Field(() => [ItemFinding], { description: "the dimension's sub-items as assessed" })
  items: ItemFinding[];
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

@ObjectType({ description: "The county's initial assistance plan for a reported change" })
export class AssistancePlan {
  @Field(() => [String], { description: 'the measures; empty when assistance was cancelled' })
  measures: string[];

  @Field(() => Boolean, { description: 'cancel assistance: not eligible (the active statuses ended)' })
  notEligible: boolean;

  @Field(() => String)
  recordedBy: string;

  @Field(() => String)
  recordedAt: string;
}

@ObjectType({ description: '探访 / 巡访' })
export class Visit {
  @Field(() => ID)
  id: string;

  @Field(() => VisitMode)
  mode: VisitMode;

  @Field(() => VisitKind)
  kind: VisitKind;

  @Field(() => String)
  visitor: string;

  @Field(() => [String])
  coVisitors: string[];

  @Field(() => [TeamMember], { description: 'the visiting team with roles' })
  team: TeamMember[];

  @Field(() => [String], {
    description:
      'dimensions the pack requires that this visit did not assess (an incomplete visit resets no due date)',
  })
  missingDimensions: string[];

  @Field(() => String, { description: 'township responsible for the visit' })
  townshipCode: string;

  @Field(() => Tier, { description: 'tier when the visit started' })
  tier: Tier;

  @Field(() => AssessmentTemplate)
  template: AssessmentTemplate;

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

  @Field(() => String, {
    nullable: true,
    description:
      "the county's initial assistance plan due by this date: working days after the report (until the report is in, after its deadline)",
  })
  assistancePlanDue: string | null;

  @Field(() => Boolean, {
    description:
      'false when a deadline of this visit falls past the last day the working-day calendar knows (a holiday may move it)',
  })
  deadlineCertain: boolean;

  @Field(() => [String], {
    description: "roles the region's pack names to confirm the result (Fuzhou 2018 五(一)); none elsewhere",
  })
  signOffRoles: string[];

  subjectId: string;
  complete: boolean | null;
  startedAt: Date;
  endedAt: Date | null;
  nextDueAt: Date | null;
  urgentCaseId: string | null;
  changeReportedAt: Date | null;
  changeReportedBy: string | null;
  changeReportNote: string | null;
  planRecordedAt: Date | null;
  planRecordedBy: string | null;
  planMeasures: string[] | null;
  planEndsAssistance: boolean | null;
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
