import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Department } from '../../../../shared/graphql-types';
import { ReferralStatus } from './enums';
import { UrgentCase } from './visit.type';

@ObjectType({ description: '转介: a subject referred to another department’s program' })
export class Referral {
  @Field(() => ID)
  id: string;

  @Field(() => ReferralStatus)
  status: ReferralStatus;

  @Field(() => String)
  reason: string;

  @Field(() => Department)
  fromDepartment: Department;

  @Field(() => Department)
  toDepartment: Department;

  @Field(() => String)
  referredBy: string;

  @Field(() => String, { nullable: true })
  note: string | null;

  @Field(() => String, { nullable: true })
  rejectionReason: string | null;

  @Field(() => String, { nullable: true })
  outcome: string | null;

  subjectId: string;
  programId: string;
  programName: string;
  createdAt: Date;
  updatedAt: Date;
}

@ObjectType({ description: 'A new urgent case, with its place in the event log' })
export class UrgentCaseEvent {
  @Field(() => String, { description: 'give it back as `after` to resume from here' })
  cursor: string;

  @Field(() => UrgentCase)
  case: UrgentCase;
}

@ObjectType({ description: 'A new referral addressed to a department, with its place in the event log' })
export class ReferralEvent {
  @Field(() => String)
  cursor: string;

  @Field(() => Referral)
  referral: Referral;
}

@ObjectType({ description: 'One entry of the event log (internal: read by the gateways)' })
export class LogEvent {
  @Field(() => String)
  cursor: string;

  @Field(() => String)
  kind: string;

  @Field(() => ID)
  entityId: string;

  @Field(() => String)
  regionCode: string;

  @Field(() => String, { nullable: true })
  department: string | null;
}

@ObjectType({ description: "A region's counters for leaders' dashboards" })
export class DashboardCounters {
  @Field(() => String)
  regionCode: string;

  @Field(() => Int, { description: 'urgent cases not yet visited' })
  openUrgentCases: number;

  @Field(() => Int, { description: 'subjects whose visit is overdue now' })
  overdueVisits: number;

  @Field(() => Int, { description: 'referrals from or about the region still pending' })
  pendingReferrals: number;

  @Field(() => Int, { description: 'early warnings not yet acknowledged' })
  activeWarnings: number;

  @Field(() => String, { description: 'when these were counted' })
  at: string;
}

export const SUBSCRIPTION_SDL = `
  type Subscription {
    "A region's dashboard counters: now, then after every event in the region (urgent case, referral, visit) and each minute"
    dashboardCountersChanged(regionCode: String!): DashboardCounters!
    "New urgent cases in a region (and below); with after, first every event missed since that cursor"
    urgentCaseReported(regionCode: String, after: String): UrgentCaseEvent!
    "New referrals addressed to a department; with after, first every event missed since that cursor"
    referralReceived(department: Department!, after: String): ReferralEvent!
  }
`;
