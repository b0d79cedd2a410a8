import { Arg, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import type { SubgraphContext } from '../../../../../shared/subgraph';
import type { Services } from '../../services';
import { Region } from '../registry/region.type';
import type { RegistryLoaders } from '../registry/registry.loaders';
import { DashboardCounters, DepartmentCount, UnderCareCounts, VillageCount } from './dashboard.type';

type Context = SubgraphContext<RegistryLoaders>;

@Resolver(() => DashboardCounters)
export class DashboardResolver {
  constructor(private readonly services: Services) {}

  @Query(() => DashboardCounters, { description: "A region's dashboard counters now" })
  dashboardCounters(@Arg('regionCode', () => String) regionCode: string) {
    return this.services.dashboard.counters(regionCode);
  }

  // counted only when asked for: the live counters pushed after each event need not pay for them
  @FieldResolver(() => UnderCareCounts, {
    description: 'the people under visiting care in the region, by tier and by village',
  })
  underCare(@Root() counters: DashboardCounters) {
    return this.services.dashboard.underCare(counters.regionCode);
  }

  @FieldResolver(() => [DepartmentCount], {
    description: 'the referral backlog: pending referrals about the region’s people, for every department',
  })
  pendingReferralsByDepartment(@Root() counters: DashboardCounters) {
    return this.services.dashboard.pendingReferralsByDepartment(counters.regionCode);
  }
}

@Resolver(() => VillageCount)
export class VillageCountResolver {
  @FieldResolver(() => Region)
  region(@Root() village: VillageCount, @Ctx() ctx: Context) {
    return ctx.loaders.regionByCode.load(village.regionCode);
  }
}
