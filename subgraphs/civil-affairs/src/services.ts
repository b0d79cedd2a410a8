import path from 'node:path';
import { DataSource } from 'typeorm';
import { AuditLog } from '../../../shared/audit';
import { InternalAuthConfig, ServiceCredential } from '../../../shared/auth';
import { Department } from '../../../shared/departments';
import { Outbox } from '../../../shared/outbox';
import { loadProgramPack } from '../../../shared/partner-programs';
import { AccessLogRepository } from './modules/audit/access-log.repository';
import { AccessLogService } from './modules/audit/access-log.service';
import { AuditTrailService } from './modules/audit/audit.service';
import { ConsentRepository } from './modules/consent/consent.repository';
import { ConsentService } from './modules/consent/consent.service';
import { DashboardRepository } from './modules/dashboard/dashboard.repository';
import { DashboardService } from './modules/dashboard/dashboard.service';
import { CoordinatorService } from './modules/discoveries/coordinator.service';
import { DiscoveryRepository } from './modules/discoveries/discovery.repository';
import { DiscoveryService } from './modules/discoveries/discovery.service';
import { EligibilityService } from './modules/eligibility/eligibility.service';
import { EventSignal } from './modules/events/event-signal';
import { EventRepository } from './modules/events/event.repository';
import { EventService } from './modules/events/event.service';
import { PolicyRepository } from './modules/policy/policy.repository';
import { PolicyService } from './modules/policy/policy.service';
import { deliverEnrollment } from './modules/referrals/enrollment-push';
import { ReferralRepository } from './modules/referrals/referral.repository';
import { ReferralService } from './modules/referrals/referral.service';
import { RegistrationRepository } from './modules/registration/registration.repository';
import { RegistrationService } from './modules/registration/registration.service';
import { RegionRepository } from './modules/registry/region.repository';
import { ReportRepository } from './modules/reports/report.repository';
import { ReportService } from './modules/reports/report.service';
import { RegionService } from './modules/registry/region.service';
import { SubjectAccess } from './modules/registry/subject-access';
import { SubjectRepository } from './modules/registry/subject.repository';
import { UrgentCaseRepository } from './modules/urgent-cases/urgent-case.repository';
import { UrgentCaseService } from './modules/urgent-cases/urgent-case.service';
import { ChangeReportService } from './modules/visiting/change-report.service';
import { VisitScheduleService } from './modules/visiting/visit-schedule.service';
import { VisitRepository } from './modules/visiting/visit.repository';
import { VisitService } from './modules/visiting/visit.service';
import { PartnerClient } from './modules/standing/partner.client';
import { PartnerFactsRepository } from './modules/standing/partner-facts.repository';
import { StandingRepository } from './modules/standing/standing.repository';
import { StandingService } from './modules/standing/standing.service';
import { EarlyWarningRepository } from './modules/warnings/early-warning.repository';
import { EarlyWarningService } from './modules/warnings/early-warning.service';

export interface CivilAffairsOptions {
  /** partner subgraphs' endpoints: enrolment deliveries and the background catch-up of their facts */
  departmentUrls: Record<Department, string>;
  timeoutMs: number;
  /** signing key of civil affairs' service credential (deliveries and catch-up, never a user's read) */
  auth: InternalAuthConfig;
  /** warn this many days before the working-day calendar runs out */
  calendarWarningDays: number;
}

/**
 * Every repository and service of the subgraph, each given what it needs through its constructor,
 * lower layers first: repositories, then the registry's subject access, policy, the event log, and
 * the services built on them.
 */
export function createServices(db: DataSource, options: CivilAffairsOptions) {
  const repositories = {
    regions: new RegionRepository(db),
    subjects: new SubjectRepository(db),
    registration: new RegistrationRepository(),
    policy: new PolicyRepository(db),
    events: new EventRepository(db),
    urgentCases: new UrgentCaseRepository(db),
    visits: new VisitRepository(db),
    discoveries: new DiscoveryRepository(db),
    warnings: new EarlyWarningRepository(db),
    consents: new ConsentRepository(db),
    referrals: new ReferralRepository(db),
    dashboard: new DashboardRepository(db),
    standing: new StandingRepository(db),
    partnerFacts: new PartnerFactsRepository(db),
    accessLog: new AccessLogRepository(db),
    reports: new ReportRepository(db),
  };
  const credential = new ServiceCredential(options.auth, Department.CIVIL_AFFAIRS, 'civil-affairs');
  const access = new SubjectAccess(repositories.subjects);
  const regions = new RegionService(repositories.regions);
  const policy = new PolicyService(db, repositories.policy, regions, options.calendarWarningDays);
  const signal = new EventSignal();
  const events = new EventService(repositories.events, signal);
  const standing = new StandingService(db, repositories.standing, repositories.partnerFacts, policy);
  const partners = new PartnerClient(options.departmentUrls, options.timeoutMs, credential);
  const eligibility = new EligibilityService(loadProgramPack(path.resolve(__dirname, '../programs')));
  const discoveries = new DiscoveryService(
    db,
    repositories.discoveries,
    access,
    regions,
    policy,
    standing,
    repositories.registration,
    repositories.referrals,
  );
  const coordinators = new CoordinatorService(repositories.discoveries, regions, policy);
  const urgentCases = new UrgentCaseService(db, repositories.urgentCases, access, policy, events, standing);
  const warnings = new EarlyWarningService(
    db,
    repositories.warnings,
    discoveries,
    access,
    regions,
    policy,
    urgentCases,
  );
  const registration = new RegistrationService(
    db,
    repositories.registration,
    regions,
    policy,
    warnings,
    standing,
    discoveries,
  );
  const consents = new ConsentService(repositories.consents, access);
  const visits = new VisitService(
    db,
    repositories.visits,
    repositories.subjects,
    access,
    standing,
    policy,
    urgentCases,
    events,
    discoveries,
    registration,
  );
  const schedule = new VisitScheduleService(
    repositories.visits,
    repositories.subjects,
    access,
    regions,
    standing,
  );
  const changeReports = new ChangeReportService(db, repositories.visits, access, regions, policy, standing);
  const outbox = new Outbox(db, deliverEnrollment(options.departmentUrls, options.timeoutMs, credential));
  const referrals = new ReferralService(
    db,
    repositories.referrals,
    repositories.subjects,
    access,
    consents,
    policy,
    events,
    outbox,
    standing,
    regions,
  );
  const dashboard = new DashboardService(repositories.dashboard, schedule, policy);
  const auditTrail = new AuditTrailService(new AuditLog(db), access);
  const accessLog = new AccessLogService(repositories.accessLog);
  const reports = new ReportService(repositories.reports, eligibility);
  return {
    repositories,
    signal,
    outbox,
    access,
    regions,
    registration,
    policy,
    events,
    standing,
    partners,
    eligibility,
    discoveries,
    coordinators,
    warnings,
    consents,
    urgentCases,
    visits,
    schedule,
    changeReports,
    referrals,
    dashboard,
    auditTrail,
    accessLog,
    reports,
  };
}

export type Services = ReturnType<typeof createServices>;
