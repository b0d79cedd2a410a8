/**
 * The access policy, as data: which department and role may call which operation, which services
 * may call the internal ones, and which arguments name a region the caller's region must contain.
 * One guard (`shared/access-guard.ts`) reads it in every subgraph before anything runs; an operation
 * missing from the table is refused (a test checks that every root field of every subgraph is here).
 *
 * What depends on the data itself is decided by the one helper for each kind of record, after this:
 * a subject's current region (`SubjectAccess` in civil affairs, `requireSubject` in the partners),
 * the department a referral belongs to, a visit's visitor.
 */
import { Role } from './auth';
import { Department } from './departments';

/** Staff allowed by department and role; `'ANY'` for every one. */
export interface Grant {
  departments: readonly Department[] | 'ANY';
  roles: readonly Role[] | 'ANY';
}

export interface OperationRule {
  /** members of staff who may call it (through the gateway) */
  staff?: readonly Grant[];
  /** services that may call it with their own credential (never a person's token) */
  services?: readonly Department[];
  /** a CITIZEN token about themselves */
  citizen?: true;
  /** arguments naming a region: the caller's region must contain each one given */
  regionArgs?: readonly string[];
  /** what is checked next with the record (printed in the README) */
  then?: string;
}

const ALL_DEPARTMENTS = Object.values(Department);
const ANY_STAFF: Grant = { departments: 'ANY', roles: 'ANY' };
const civil = (...roles: Role[]): Grant => ({ departments: [Department.CIVIL_AFFAIRS], roles });
const own = (department: Department, ...roles: Role[]): Grant => ({ departments: [department], roles });
const anyDepartment = (...roles: Role[]): Grant => ({ departments: 'ANY', roles });

const { ADMIN, STAFF, VISITOR, WINDOW, DASHBOARD } = Role;
const SUBJECT = "the subject's current registered or residence region";
const RECORD_KEEPERS = [ADMIN, STAFF];
const PARTNER_SERVICES = [Department.DISABILITY, Department.TRADE_UNION, Department.HEALTH];

/** Keyed by `Query.field` / `Mutation.field`; the same rule wherever the field exists. */
export const OPERATIONS: Readonly<Record<string, OperationRule>> = {
  // federation: the gateway's entity fetches for staff; services' registry checks and program answers
  'Query._entities': {
    staff: [ANY_STAFF],
    services: ALL_DEPARTMENTS,
    then: `${SUBJECT} (partners: @requires it)`,
  },

  // registry (civil affairs)
  'Query.subjectByIdNumber': { staff: [ANY_STAFF], then: `${SUBJECT}; outside it answers as if unknown` },
  'Query.subjectsByIdNumbers': { staff: [ANY_STAFF], then: `${SUBJECT}; outside it answers as if unknown` },
  'Query.region': { staff: [ANY_STAFF] },
  'Query.regions': { staff: [ANY_STAFF], services: PARTNER_SERVICES.concat(Department.CHARITY) },
  'Mutation.registerSubject': {
    staff: [civil(ADMIN, STAFF)],
    then: `input.registeredRegionCode and, for a known person, ${SUBJECT} (registered); household.memberOf: that member's region (NOT_FOUND outside it)`,
  },
  'Mutation.moveSubject': { staff: [civil(ADMIN)], then: `${SUBJECT} (registered) and the new regions` },
  'Mutation.recordConsent': { staff: [civil(ADMIN, STAFF, WINDOW)], then: `${SUBJECT} (registered)` },
  'Mutation.revokeConsent': { staff: [civil(ADMIN, STAFF, WINDOW)], then: `${SUBJECT} (registered)` },

  // policy packs and the working-day calendar
  'Query.policyPacks': { staff: [ANY_STAFF] },
  'Query.policyPack': { staff: [ANY_STAFF] },
  'Query.regionPolicy': { staff: [ANY_STAFF], regionArgs: ['regionCode'] },
  'Mutation.publishPolicyPack': { staff: [civil(ADMIN)] },
  'Mutation.assignPolicyPack': { staff: [civil(ADMIN)], regionArgs: ['regionCode'] },
  'Mutation.setCalendarDay': { staff: [civil(ADMIN)] },

  // visiting care
  'Query.overdueVisits': {
    staff: [{ departments: [Department.CIVIL_AFFAIRS], roles: 'ANY' }],
    regionArgs: ['regionCode'],
  },
  'Query.dueVisits': {
    staff: [{ departments: [Department.CIVIL_AFFAIRS], roles: 'ANY' }],
    regionArgs: ['regionCode'],
  },
  'Query.changeDeadlines': {
    staff: [{ departments: [Department.CIVIL_AFFAIRS], roles: 'ANY' }],
    regionArgs: ['regionCode'],
  },
  'Query.visit': { staff: [ANY_STAFF], then: SUBJECT },
  'Mutation.startVisit': { staff: [civil(ADMIN, STAFF, VISITOR)], then: SUBJECT },
  'Mutation.endVisit': {
    staff: [civil(ADMIN, STAFF, VISITOR)],
    then: `${SUBJECT}; the visit's own visitor or ADMIN/STAFF`,
  },
  'Mutation.confirmVisitNeeds': {
    staff: [civil(ADMIN, STAFF, VISITOR)],
    then: `${SUBJECT}; the visit has ended`,
  },
  'Mutation.delegateVisits': { staff: [civil(ADMIN, STAFF)], then: `${SUBJECT} (registered)` },
  'Mutation.importVisit': { staff: [civil(ADMIN)], then: SUBJECT },
  'Mutation.signOffVisit': {
    staff: [civil(ADMIN, STAFF, VISITOR)],
    then: `${SUBJECT}; a role the visit's pack names`,
  },
  'Mutation.reportChange': { staff: [civil(ADMIN, STAFF)], then: SUBJECT },
  'Mutation.recordAssistancePlan': {
    staff: [civil(ADMIN, STAFF)],
    then: `${SUBJECT}; a county-level (or wider) region: the plan is the county's`,
  },

  // discoveries (any department's window files one)
  'Query.discoveries': { staff: [ANY_STAFF], regionArgs: ['regionCode'] },
  'Query.observationList': { staff: [ANY_STAFF], regionArgs: ['regionCode'] },
  'Query.newlyAssisted': { staff: [ANY_STAFF], regionArgs: ['regionCode'] },
  'Mutation.linkDiscovery': {
    staff: [civil(ADMIN, STAFF)],
    then: `the lead's township, and ${SUBJECT} (registered)`,
  },
  'Query.coordinatorGaps': { staff: [ANY_STAFF], regionArgs: ['regionCode'] },
  'Mutation.fileDiscovery': {
    staff: [anyDepartment(ADMIN, STAFF, WINDOW, VISITOR)],
    services: [Department.HEALTH],
    then: `${SUBJECT}, or input.regionCode for a person not yet registered`,
  },
  'Mutation.addCoordinator': { staff: [civil(ADMIN, STAFF)], regionArgs: ['villageCode'] },
  'Mutation.assignDiscovery': { staff: [civil(ADMIN, STAFF)], then: "the discovery's township" },
  'Mutation.recordInvestigation': { staff: [civil(ADMIN, STAFF)], then: "the discovery's township" },
  'Mutation.decideDiscovery': { staff: [civil(ADMIN, STAFF)], then: "the discovery's township" },

  // early warnings
  'Query.earlyWarnings': {
    staff: [{ departments: [Department.CIVIL_AFFAIRS], roles: 'ANY' }],
    regionArgs: ['regionCode'],
  },
  'Mutation.acknowledgeWarning': { staff: [civil(ADMIN, STAFF, VISITOR)], then: "the warning's village" },
  'Mutation.resolveWarning': { staff: [civil(ADMIN, STAFF, VISITOR)], then: "the warning's village" },
  'Mutation.reportHealthChange': { services: [Department.HEALTH] },

  // referrals
  'Query.referrals': {
    staff: [ANY_STAFF],
    then: "a department's own inbox or outbox; civil affairs any, within region",
  },
  'Query.overdueReferrals': { staff: [{ departments: [Department.CIVIL_AFFAIRS], roles: 'ANY' }] },
  'Query.referral': { staff: [ANY_STAFF], then: `the referral's departments and ${SUBJECT}` },
  'Mutation.recordReferralFollowUp': { staff: [civil(ADMIN, STAFF, VISITOR)], then: SUBJECT },
  'Query.externalPrograms': { staff: [ANY_STAFF], regionArgs: ['regionCode'] },
  'Mutation.addExternalProgram': { staff: [civil(ADMIN, STAFF)], regionArgs: ['regionCode'] },
  'Mutation.createReferral': { staff: [anyDepartment(ADMIN, STAFF, WINDOW, VISITOR)], then: SUBJECT },
  'Mutation.acceptReferral': {
    staff: [anyDepartment(ADMIN, STAFF, WINDOW, VISITOR)],
    then: `the receiving department; ${SUBJECT}`,
  },
  'Mutation.rejectReferral': {
    staff: [anyDepartment(ADMIN, STAFF, WINDOW, VISITOR)],
    then: `the receiving department; ${SUBJECT}`,
  },
  'Mutation.completeReferral': {
    staff: [anyDepartment(ADMIN, STAFF, WINDOW, VISITOR)],
    then: `the receiving department; ${SUBJECT}`,
  },
  'Mutation.withdrawReferral': {
    staff: [anyDepartment(ADMIN, STAFF, WINDOW, VISITOR)],
    then: `the sending department; ${SUBJECT}`,
  },

  // urgent cases, dashboards and the event log
  'Query.urgentCase': { staff: [ANY_STAFF], then: SUBJECT },
  'Mutation.reportUrgentCase': { staff: [anyDepartment(ADMIN, STAFF, WINDOW, VISITOR)], then: SUBJECT },
  'Query.dashboardCounters': {
    staff: [{ departments: [Department.CIVIL_AFFAIRS], roles: 'ANY' }],
    regionArgs: ['regionCode'],
  },
  // the source documents' monthly tables (files: GET /reports/<table>.<csv|xlsx> runs this query)
  'Query.monthlyReport': {
    staff: [civil(ADMIN, STAFF, DASHBOARD)],
    regionArgs: ['regionCode'],
  },
  'Query.eventLog': { services: [Department.CIVIL_AFFAIRS] },
  'Query.eventLogHead': { services: [Department.CIVIL_AFFAIRS] },

  // partner facts and enrolments (internal)
  'Mutation.recordPartnerFacts': { services: PARTNER_SERVICES },
  'Mutation.recordPartnerFactsBatch': { services: PARTNER_SERVICES },
  'Query.partnerFacts': { services: [Department.CIVIL_AFFAIRS] },
  'Mutation.recordProgramEnrollment': { services: [Department.CIVIL_AFFAIRS] },

  // each partner's own record
  'Mutation.recordDisability': { staff: [own(Department.DISABILITY, ...RECORD_KEEPERS)], then: SUBJECT },
  'Mutation.recordUnionMember': { staff: [own(Department.TRADE_UNION, ...RECORD_KEEPERS)], then: SUBJECT },
  'Mutation.recordMedical': { staff: [own(Department.HEALTH, ...RECORD_KEEPERS)], then: SUBJECT },
  'Query.charityResources': { staff: [ANY_STAFF], regionArgs: ['regionCode'] },
  'Query.charityResourcesFor': { staff: [ANY_STAFF], regionArgs: ['regionCode'] },
  'Mutation.addCharityResource': {
    staff: [own(Department.CHARITY, ...RECORD_KEEPERS)],
    then: 'input.regionCode',
  },
  'Mutation.matchCharityResource': { staff: [own(Department.CHARITY, ...RECORD_KEEPERS)], then: SUBJECT },

  // audit
  'Query.auditTrail': {
    staff: [anyDepartment(ADMIN)],
    then: `civil affairs' ADMIN, or an ADMIN of ${SUBJECT}`,
  },
  'Query.myAccessLog': { citizen: true },
  // each partner ships its own log's entries that name a person, for that person's myAccessLog
  'Mutation.recordAccessLog': {
    services: [Department.DISABILITY, Department.TRADE_UNION, Department.HEALTH, Department.CHARITY],
    then: "the caller's own department's entries only",
  },
};

function allows(grant: Grant, department: Department, role: Role): boolean {
  return (
    (grant.departments === 'ANY' || grant.departments.includes(department)) &&
    (grant.roles === 'ANY' || grant.roles.includes(role))
  );
}

export type Caller =
  | { kind: 'staff'; department: Department; role: Role }
  | { kind: 'service'; department: Department }
  | { kind: 'citizen' };

/** Why the policy refuses `operation` to `caller`, or null when it allows it. */
export function refusal(operation: string, caller: Caller): string | null {
  const rule = OPERATIONS[operation];
  if (!rule) return `${operation} is not in the access policy`;
  switch (caller.kind) {
    case 'citizen':
      return rule.citizen ? null : `${operation} is not open to a citizen token (only myAccessLog is)`;
    case 'service':
      return rule.services?.includes(caller.department)
        ? null
        : `${operation} is not open to ${caller.department}'s service credential`;
    case 'staff': {
      if (!rule.staff?.length) return `${operation} is internal: no person's token opens it`;
      if (rule.staff.some((g) => allows(g, caller.department, caller.role))) return null;
      return `${operation} is not open to ${caller.role} of ${caller.department}`;
    }
  }
}

/** The table as Markdown, for the README (a test keeps the README's copy the same). */
export function operationsMarkdown(): string {
  const who = (rule: OperationRule) => {
    const parts: string[] = [];
    for (const g of rule.staff ?? []) {
      const d = g.departments === 'ANY' ? 'any department' : g.departments.join(', ');
      const r = g.roles === 'ANY' ? 'any role' : g.roles.join('/');
      parts.push(`${d}: ${r}`);
    }
    if (rule.services) parts.push(`services: ${rule.services.join(', ')}`);
    if (rule.citizen) parts.push('CITIZEN (own record)');
    return parts.join('; ');
  };
  const rows = Object.entries(OPERATIONS).map(
    ([op, rule]) =>
      `| \`${op}\` | ${who(rule)} | ${[rule.regionArgs?.map((a) => `\`${a}\``).join(', '), rule.then].filter(Boolean).join('; ') || '—'} |`,
  );
  return ['| operation | who may call it | region and record checks |', '|---|---|---|', ...rows].join('\n');
}
