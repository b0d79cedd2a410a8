import { Arg, Query, Resolver } from 'type-graphql';
import type { Services } from '../../services';
import { DashboardCounters } from './dashboard.type';

@Resolver(() => DashboardCounters)
export class DashboardResolver {
  constructor(private readonly services: Services) {}

  @Query(() => DashboardCounters, { description: "A region's dashboard counters now" })
  dashboardCounters(@Arg('regionCode', () => String) regionCode: string) {
    return this.services.dashboard.counters(regionCode);
  }
}
