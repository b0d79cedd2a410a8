import type { DataSource } from 'typeorm';
import type { PartnerKit } from '../../../../shared/partner-subgraph';
import type { Facts } from '../../../../shared/policy/conditions';
import type { DisabilityCertificateEntity } from '../entities/disability-certificate.entity';
import { DisabilityService } from './disability.service';

export function createServices(db: DataSource, kit: PartnerKit) {
  return { disability: new DisabilityService(db, kit) };
}

export type Services = ReturnType<typeof createServices>;

/** What the disability federation's record says for eligibility and tier rules. */
export function certificateFacts(certificate: DisabilityCertificateEntity | null): Facts {
  return { disabilityGrade: certificate?.grade ?? null };
}
