import { Field, Int, ObjectType } from 'type-graphql';

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

  @Field(() => [String], {
    description:
      'for the administrator: e.g. the working-day calendar runs out within 60 days (CALENDAR_WARNING_DAYS)',
  })
  adminWarnings: string[];

  @Field(() => String, { description: 'when these were counted' })
  at: string;
}
