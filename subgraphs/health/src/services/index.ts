import type { DataSource } from 'typeorm';
import type { PartnerKit } from '../../../../shared/partner-subgraph';
import { MedicalService } from './medical.service';

export function createServices(db: DataSource, kit: PartnerKit) {
  return { medical: new MedicalService(db, kit) };
}

export type Services = ReturnType<typeof createServices>;
