import { DataSource } from 'typeorm';
import type { RegistryClient } from '../../../../shared/registry-client';
import { MedicalService } from './medical.service';

export function createServices(db: DataSource, registry: RegistryClient) {
  return { medical: new MedicalService(db, registry) };
}

export type Services = ReturnType<typeof createServices>;
