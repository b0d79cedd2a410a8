import type { DataSource } from 'typeorm';
import type { PartnerKit } from '../../../../shared/partner-subgraph';
import { CharityMatchService } from './charity-match.service';
import { CharityResourceService } from './charity-resource.service';

export function createServices(db: DataSource, kit: PartnerKit) {
  return {
    resources: new CharityResourceService(db, kit.registry),
    matches: new CharityMatchService(db, kit.registry),
  };
}

export type Services = ReturnType<typeof createServices>;
