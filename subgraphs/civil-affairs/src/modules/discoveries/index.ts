import type { CivilAffairsModule } from '../../module';
import { CoordinatorEntity } from './coordinator.entity';
import { DiscoveryEntity } from './discovery.entity';
import { DiscoveryResolver } from './discovery.resolver';
import { Discoveries1764000000003 } from './migrations/1764000000003-discoveries';
import { DiscoveryOutcomes1764000001352 } from './migrations/1764000001352-discovery-outcomes';
import { DiscoveryRegion1764000001750 } from './migrations/1764000001750-discovery-region';

/** 主动发现 proactive discovery: leads, their investigation (三个不放过) and outcome, and the village coordinators. */
export const discoveries = {
  entities: [DiscoveryEntity, CoordinatorEntity],
  migrations: [Discoveries1764000000003, DiscoveryOutcomes1764000001352, DiscoveryRegion1764000001750],
  resolvers: (services) => [new DiscoveryResolver(services)],
} satisfies CivilAffairsModule;
