/**
 * The audit trail through federation (contract audit.graphql), planned as eligibility is: civil
 * affairs owns `Query.auditTrail` and the `AuditTrail` entity; each partner answers its own log's
 * entries for the subject in an internal field (`disabilityAudit`, `tradeUnionAudit`, …) and civil
 * affairs' `entries`, `verified` and `unverified` `@require` the four answers. No department reads
 * another's log: the gateway's plan brings them.
 */
import { GraphQLJSONObject } from 'graphql-scalars';
import { Ctx, Directive, Field, FieldResolver, ObjectType, Resolver, Root } from 'type-graphql';
import { AuditLog, StoredAuditEntry } from './audit';
import { Identity, Role, authorize } from './auth';
import { Department } from './departments';
import { ForbiddenError } from './errors';
import { log } from './logging';

/** One department's answer for one subject, as its field carries it (JSON). */
export interface DepartmentAudit {
  department: Department;
  /** every entry fits its hash and its neighbours in the chain */
  verified: boolean;
  /** newest first */
  entries: AuditTrailEntry[];
}

export interface AuditTrailEntry {
  /** ISO date-time */
  at: string;
  user: string;
  department: string;
  role: string;
  operation: string;
  kind: 'READ' | 'WRITE';
  fields: string[];
  requestId: string | null;
  /** the department whose data it was and whose log holds the entry */
  recordedBy: Department;
}

export interface AuditTrailKey {
  idNumber: string;
  /** ISO date the trail starts on (China time), or null for the whole history */
  since: string | null;
  /** the subject's region the caller's right was granted on; partners check their field against it */
  regionCode: string;
}

/** The internal field each partner answers on: disabilityAudit, tradeUnionAudit, healthAudit, charityAudit. */
export function auditField(department: Department): string {
  return department.toLowerCase().replace(/_(\w)/g, (_m, c: string) => c.toUpperCase()) + 'Audit';
}

/**
 * Who may read a subject's audit trail: an ADMIN whose region holds the subject's region (given as
 * `regionCode` once known); for the whole country, only civil affairs' ADMIN.
 */
export function authorizeAuditTrail(identity: Identity, regionCode?: string): void {
  const action = 'reading an audit trail';
  authorize(identity, { roles: [Role.ADMIN] }, action);
  if (identity.region === null && identity.department !== Department.CIVIL_AFFAIRS)
    throw new ForbiddenError(`${action} for the whole country is for CIVIL_AFFAIRS ADMIN; give a region`);
  if (regionCode) authorize(identity, { regionCode }, action);
}

/** The start of `since` (a date) in China time. */
export function sinceInstant(since: string | null): Date | null {
  return since ? new Date(`${since}T00:00:00+08:00`) : null;
}

/** A department's own entries for the subject, verified; a broken chain is logged with the rows. */
export async function departmentAudit(
  auditLog: AuditLog,
  department: Department,
  key: Pick<AuditTrailKey, 'idNumber' | 'since'>,
): Promise<DepartmentAudit> {
  const trail = await auditLog.trail(key.idNumber, sinceInstant(key.since));
  if (!trail.verified) log.warn('audit chain broken', { department, broken: trail.broken });
  return {
    department,
    verified: trail.verified,
    entries: trail.entries.map((e) => trailEntry(e, department)),
  };
}

function trailEntry(e: StoredAuditEntry, recordedBy: Department): AuditTrailEntry {
  return {
    at: e.at.toISOString(),
    user: e.actor,
    department: e.department,
    role: e.role,
    operation: e.operation,
    kind: e.kind,
    fields: e.fields,
    requestId: e.requestId,
    recordedBy,
  };
}

/** A partner's view of the civil-affairs `AuditTrail` entity: its key. A new class per subgraph. */
export function createAuditTrailStub() {
  @ObjectType('AuditTrail')
  @Directive('@key(fields: "idNumber since regionCode")')
  class AuditTrail implements AuditTrailKey {
    @Field(() => String)
    idNumber: string;

    @Field(() => String, { nullable: true })
    since: string | null;

    @Field(() => String)
    regionCode: string;
  }
  return AuditTrail;
}

export const auditTrailStubReference = {
  __resolveReference: (ref: AuditTrailKey): AuditTrailKey => ({
    idNumber: ref.idNumber,
    since: ref.since ?? null,
    regionCode: ref.regionCode,
  }),
};

/** `AuditTrail.<dept>Audit`: the partner's entries for the subject, for ADMINs of the subject's region. */
export function createDepartmentAuditResolver(stub: new () => AuditTrailKey, department: Department) {
  @Resolver(() => stub)
  class DepartmentAuditResolver {
    constructor(private readonly auditLog: AuditLog) {}

    @FieldResolver(() => GraphQLJSONObject, {
      nullable: true,
      name: auditField(department),
      description: "this department's audit entries for the subject, verified (internal)",
    })
    @Directive('@inaccessible')
    departmentAudit(@Root() trail: AuditTrailKey, @Ctx() ctx: { identity: Identity }) {
      authorizeAuditTrail(ctx.identity, trail.regionCode);
      return departmentAudit(this.auditLog, department, trail);
    }
  }
  return DepartmentAuditResolver;
}
