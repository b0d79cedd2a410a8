import path from 'node:path';
import { DataSource } from 'typeorm';
import type { Department } from '../../../../shared/departments';
import { loadProgramPack } from '../../../../shared/partner-programs';
import { ConsentService } from './consent.service';
import type { AuthConfig } from '../../../../shared/auth';
import { Outbox } from '../../../../shared/outbox';
import { DepartmentFactsService } from './department-facts.service';
import { deliverEnrollment } from './enrollment-push';
import { EventSignal } from './event-signal';
import { EligibilityService } from './eligibility.service';
import { DiscoveryService } from './discovery.service';
import { PolicyService } from './policy.service';
import { RegionService } from './region.service';
import { SubjectService } from './subject.service';
import { TierService } from './tier.service';
import { ReferralService } from './referral.service';
import { UrgentCaseService } from './urgent-case.service';
import { VisitService } from './visit.service';
import { WarningService } from './warning.service';

export interface CivilAffairsOptions {
  /** partner subgraphs' endpoints, for the facts the tier rules read */
  departmentUrls: Record<Department, string>;
  timeoutMs: number;
  /** signing key for the service account that delivers enrolments to partners */
  auth: AuthConfig;
}

export function createServices(db: DataSource, options: CivilAffairsOptions) {
  const regions = new RegionService(db);
  const subjects = new SubjectService(db, regions);
  const policy = new PolicyService(db, regions);
  const departments = new DepartmentFactsService(options.departmentUrls, options.timeoutMs);
  const tiers = new TierService(db, departments);
  const eligibility = new EligibilityService(
    loadProgramPack(path.resolve(__dirname, '../../programs')),
    departments,
  );
  const signal = new EventSignal();
  const visits = new VisitService(db, subjects, regions, tiers, policy, signal);
  const discoveries = new DiscoveryService(db, subjects, regions, policy);
  const consents = new ConsentService(db, subjects);
  const warnings = new WarningService(db, discoveries, subjects, regions, policy);
  subjects.useEarlyWarnings(warnings, policy);
  const outbox = new Outbox(db, deliverEnrollment(options.departmentUrls, options.timeoutMs, options.auth));
  const referrals = new ReferralService(db, subjects, consents, policy, signal, outbox);
  const urgentCases = new UrgentCaseService(db, subjects, policy, signal);
  return {
    signal,
    outbox,
    regions,
    subjects,
    policy,
    tiers,
    visits,
    discoveries,
    eligibility,
    consents,
    warnings,
    referrals,
    urgentCases,
  };
}

export type Services = ReturnType<typeof createServices>;
