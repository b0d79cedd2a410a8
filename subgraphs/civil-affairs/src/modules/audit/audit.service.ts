import { AuditLog } from '../../../../../shared/audit';
import {
  AuditTrailEntry,
  AuditTrailKey,
  DepartmentAudit,
  authorizeAuditTrail,
  departmentAudit,
} from '../../../../../shared/audit-trail';
import type { Identity } from '../../../../../shared/auth';
import { parseIsoDate } from '../../../../../shared/dates';
import { DEPARTMENTS, Department } from '../../../../../shared/departments';
import { isWithinRegion } from '../../../../../shared/regions';
import type { SubjectAccess } from '../registry/subject-access';

/** Each partner's answer as the gateway brought it (`@requires`): null when it was down or refused. */
export type PartnerAudits = Partial<Record<Department, DepartmentAudit | null | undefined>>;

export interface AssembledTrail {
  /** newest first */
  entries: AuditTrailEntry[];
  /** departments whose chain failed or that did not answer, in the departments' order */
  unverified: Department[];
}

/**
 * 审计: a subject's audit trail is every department's log entries for the subject. Civil affairs
 * decides who may ask (an ADMIN of the subject's region; the whole country only for its own ADMIN),
 * reads and verifies its own log, and lays the partners' verified answers beside it.
 */
export class AuditTrailService {
  constructor(
    private readonly auditLog: AuditLog,
    private readonly access: SubjectAccess,
  ) {}

  /** The trail's key for a caller who may read it; the region it was granted on goes to the partners. */
  async open(rawIdNumber: string, since: string | null, identity: Identity): Promise<AuditTrailKey> {
    authorizeAuditTrail(identity);
    const day = since == null ? null : parseIsoDate(since, 'since');
    const subject = await this.access.find(rawIdNumber, identity, 'seen');
    const regionCode = isWithinRegion(subject.registeredRegionCode, identity.region)
      ? subject.registeredRegionCode
      : subject.residenceRegionCode;
    return { idNumber: subject.idNumber, since: day, regionCode };
  }

  /** Civil affairs' own entries for the subject, verified. */
  own(key: AuditTrailKey): Promise<DepartmentAudit> {
    return departmentAudit(this.auditLog, Department.CIVIL_AFFAIRS, key);
  }

  assemble(own: DepartmentAudit, partners: PartnerAudits): AssembledTrail {
    const answers: Partial<Record<Department, DepartmentAudit | null | undefined>> = {
      ...partners,
      [Department.CIVIL_AFFAIRS]: own,
    };
    const entries: AuditTrailEntry[] = [];
    const unverified: Department[] = [];
    for (const { department } of DEPARTMENTS) {
      const answer = answers[department];
      if (!answer?.verified) unverified.push(department);
      // each entry is said to be from the department whose field brought it
      for (const e of answer?.entries ?? []) entries.push({ ...e, recordedBy: department });
    }
    entries.sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0));
    return { entries, unverified };
  }
}
