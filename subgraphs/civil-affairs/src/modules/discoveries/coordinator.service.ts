import { randomUUID } from 'node:crypto';
import { InvalidInputError } from '../../../../../shared/errors';
import { RegionLevel } from '../../../../../shared/regions';
import type { PolicyService } from '../policy/policy.service';
import type { RegionService } from '../registry/region.service';
import type { CoordinatorEntity } from './coordinator.entity';
import type { DiscoveryRepository } from './discovery.repository';

export interface CoordinatorGap {
  villageCode: string;
  villageName: string;
  coordinators: number;
  required: number;
  source: string;
}

/** 协理员 / 社区救助顾问: the village coordinators who find people and follow leads up. */
export class CoordinatorService {
  constructor(
    private readonly discoveries: DiscoveryRepository,
    private readonly regions: RegionService,
    private readonly policy: PolicyService,
  ) {}

  async add(villageCode: string, name: string, phone: string | null): Promise<CoordinatorEntity> {
    await this.regions.requireAll({ villageCode }, [RegionLevel.VILLAGE]);
    if (!name.trim()) throw new InvalidInputError('name', 'must not be empty', 'REQUIRED');
    return this.discoveries.insertCoordinator({ id: randomUUID(), villageCode, name: name.trim(), phone });
  }

  /** Villages under the region with fewer coordinators than their pack asks (Qianjiang: at least one). */
  async gaps(regionCode: string): Promise<CoordinatorGap[]> {
    await this.regions.requireAll({ regionCode }, []);
    const villages = await this.discoveries.coordinatorsPerVillage(regionCode);
    const snapshot = await this.policy.snapshot();
    return villages.flatMap((v) => {
      const rule = snapshot.packFor(v.code)?.pack.coordinators;
      return rule && v.coordinators < rule.minPerVillage
        ? [
            {
              villageCode: v.code,
              villageName: v.name,
              coordinators: v.coordinators,
              required: rule.minPerVillage,
              source: rule.source,
            },
          ]
        : [];
    });
  }
}
