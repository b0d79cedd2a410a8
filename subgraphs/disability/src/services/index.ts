import { DataSource } from 'typeorm';
import type { RegistryClient } from '../../../../shared/registry-client';
import { DisabilityService } from './disability.service';

export function createServices(db: DataSource, registry: RegistryClient) {
  return { disability: new DisabilityService(db, registry) };
}

export type Services = ReturnType<typeof createServices>;
