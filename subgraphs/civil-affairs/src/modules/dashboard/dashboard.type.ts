import { Field, Int, ObjectType } from 'type-graphql';
import { Department } from '../../../../../shared/graphql-types';
import { Tier } from '../policy/policy.type';

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

@ObjectType({ description: 'How many people under visiting care have this tier' })
export class TierCount {
  @Field(() => Tier)
  tier: Tier;

  @Field(() => Int)
  count: number;
}

@ObjectType({ description: 'How many people under visiting care are visited in this village' })
export class VillageCount {
  regionCode: string;

  @Field(() => Int)
  count: number;
}

@ObjectType({ description: 'The people a region visits (a next visit due), counted on the server' })
export class UnderCareCounts {
  @Field(() => Int, { description: 'everyone under visiting care in the region' })
  total: number;

  @Field(() => [TierCount], { description: 'every tier, 0 when none' })
  byTier: TierCount[];

  @Field(() => [VillageCount], {
    description:
      'each village with anyone under care, most first; a duty delegated to the residence township counts under the residence village',
  })
  byVillage: VillageCount[];
}

@ObjectType({ description: "Referrals about the region's people still pending with one department" })
export class DepartmentCount {
  @Field(() => Department)
  department: Department;

  @Field(() => Int)
  count: number;
}
