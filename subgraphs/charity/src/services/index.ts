import { DataSource } from 'typeorm';
import type { RegistryClient } from '../../../../shared/registry-client';
import { CharityMatchService } from './charity-match.service';
import { CharityResourceService } from './charity-resource.service';

export function createServices(db: DataSource, registry: RegistryClient) {
  return {
    resources: new CharityResourceService(db, registry),
    matches: new CharityMatchService(db, registry),
  };
}

export type Services = ReturnType<typeof createServices>;
