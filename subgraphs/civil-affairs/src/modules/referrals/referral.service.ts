import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { Identity, Role, authorize } from '../../../../../shared/auth';
import { Department } from '../../../../../shared/departments';
import {
  ConflictError,
  DepartmentUnavailableError,
  ForbiddenError,
  InvalidInputError,
  NotFoundError,
} from '../../../../../shared/errors';
import type { Outbox } from '../../../../../shared/outbox';
import { pageById } from '../../../../../shared/paging';
import type { ProgramResult } from '../../../../../shared/policy/programs';
import type { ConsentService } from '../consent/consent.service';
import type { EventService } from '../events/event.service';
import { addWorkingDays } from '../policy/engine';
import type { PolicyService } from '../policy/policy.service';
import type { SubjectAccess } from '../registry/subject-access';
import type { SubjectEntity } from '../registry/subject.entity';
import type { SubjectRepository } from '../registry/subject.repository';
import { ENROLL } from './enrollment-push';
import type { ReferralEntity } from './referral.entity';
import type { ReferralRepository } from './referral.repository';

/** the kind of the inbox's cursor */
export const REFERRAL_CURSOR = 'Referral';

export interface ReferralInputData {
  idNumber: string;
  programId: string;
  reason: string;
  sharesSensitiveData?: boolean | null;
  overrideReason?: string | null;
}

type Action = 'ACCEPT' | 'REJECT' | 'COMPLETE' | 'WITHDRAW';
const TRANSITIONS: Record<Action, { from: string; to: string; by: 'target' | 'sender' }> = {
  ACCEPT: { from: 'PENDING', to: 'ACCEPTED', by: 'target' },
  REJECT: { from: 'PENDING', to: 'REJECTED', by: 'target' },
  COMPLETE: { from: 'ACCEPTED', to: 'COMPLETED', by: 'target' },
  WITHDRAW: { from: 'PENDING', to: 'WITHDRAWN', by: 'sender' },
};
const ACTORS = [Role.ADMIN, Role.STAFF, Role.WINDOW, Role.VISITOR];

/**
 * 转介: a referral from a subject's record to another department's program. PENDING → ACCEPTED |
 * REJECTED (with reason) → COMPLETED (with outcome); WITHDRAWN by the sender while pending. Each
 * transition is checked against the referral's version, so concurrent ones end in exactly one state;
 * every new referral is written to the event log in the same transaction, so its department hears of it,
 * and so is every transition (REFERRAL_CHANGED), so the region's dashboards count it at once.
 */
export class ReferralService {
  constructor(
    private readonly db: DataSource,
    private readonly referrals: ReferralRepository,
    private readonly subjects: SubjectRepository,
    private readonly access: SubjectAccess,
    private readonly consents: ConsentService,
    private readonly policy: PolicyService,
    private readonly events: EventService,
    private readonly outbox: Outbox,
  ) {}

  async create(
    input: ReferralInputData,
    identity: Identity,
    programsOf: (s: SubjectEntity) => Promise<ProgramResult[]>,
  ): Promise<ReferralEntity> {
    const reason = input.reason?.trim();
    if (!reason) throw new InvalidInputError('reason', 'say why the subject is referred', 'REQUIRED');
    const subject = await this.access.find(input.idNumber, identity);
    const program = await this.program(subject, input.programId, identity, programsOf);
    const consent = await this.consent(subject, input, identity);
    const id = randomUUID();
    try {
      await this.db.transaction(async (tx) => {
        await this.referrals.insert(tx, {
          id,
          subjectId: subject.id,
          programId: program.id,
          programName: program.name,
          toDepartment: program.department,
          fromDepartment: identity.department,
          referredBy: identity.user,
          reason,
          ...consent,
        });
        await this.events.append(tx, {
          kind: 'REFERRAL',
          entityId: id,
          regionCode: subject.registeredRegionCode,
          department: program.department,
        });
      });
      this.events.committed();
    } catch (e: any) {
      if (e.code === '23505')
        throw new ConflictError(`this subject already has an open referral to ${program.name}`);
      throw e;
    }
    return this.referrals.saved(id);
  }

  /** The program, from the subject's eligibility; another department's, since one's own needs no referral. */
  private async program(
    subject: SubjectEntity,
    programId: string,
    identity: Identity,
    programsOf: (s: SubjectEntity) => Promise<ProgramResult[]>,
  ): Promise<ProgramResult> {
    const programs = await programsOf(subject);
    const program = programs.find((p) => p.id === programId);
    if (!program) {
      const department = programId.split(':')[0];
      if (programs.some((p) => p.id === `${department}:*`))
        throw new DepartmentUnavailableError(department, 'its programs cannot be read now');
      throw new NotFoundError('program', programId, 'programId');
    }
    if (program.department === identity.department) {
      throw new InvalidInputError(
        'programId',
        'refer to another department’s program; your own needs no referral',
        'SAME_DEPARTMENT',
      );
    }
    return program;
  }

  /** Sensitive data goes only with the subject's recorded consent, or an override with its reason by ADMIN or STAFF. */
  private async consent(
    subject: SubjectEntity,
    input: ReferralInputData,
    identity: Identity,
  ): Promise<{ consentReference: string | null; overrideReason: string | null }> {
    if (!input.sharesSensitiveData) return { consentReference: null, overrideReason: null };
    const [consent] = await this.consents.economicConsentFor([subject.id]);
    if (consent) return { consentReference: consent.reference, overrideReason: null };
    if (input.overrideReason?.trim() && [Role.ADMIN, Role.STAFF].includes(identity.role))
      return { consentReference: null, overrideReason: input.overrideReason.trim() };
    throw new InvalidInputError(
      'sharesSensitiveData',
      'sharing sensitive data needs the subject’s recorded consent, or an override with its reason by ADMIN or STAFF',
      'CONSENT_REQUIRED',
    );
  }

  async transition(
    id: string,
    action: Action,
    identity: Identity,
    text: { note?: string | null; reason?: string | null; outcome?: string | null },
  ): Promise<ReferralEntity> {
    const rule = TRANSITIONS[action];
    const referral = await this.referrals.byId(id);
    if (!referral) throw new NotFoundError('referral', id, 'id');
    const subject = await this.access.requireRecordVisible(referral.subjectId, identity, {
      entity: 'referral',
      id,
    });
    const owner = rule.by === 'target' ? referral.toDepartment : referral.fromDepartment;
    authorize(
      identity,
      { departments: [owner as Department], roles: ACTORS },
      `${action.toLowerCase()} a referral`,
    );
    if (action === 'REJECT' && !text.reason?.trim())
      throw new InvalidInputError('reason', 'say why the referral is rejected', 'REQUIRED');
    if (action === 'COMPLETE' && !text.outcome?.trim())
      throw new InvalidInputError('outcome', 'record what the program gave', 'REQUIRED');
    if (referral.status !== rule.from) {
      throw new ConflictError(
        `a ${referral.status} referral cannot be ${rule.to.toLowerCase()} (it must be ${rule.from})`,
      );
    }
    const done = await this.db.transaction(async (tx) => {
      const moved = await this.referrals.transition(tx, id, referral.version, {
        from: rule.from,
        to: rule.to,
        note: text.note?.trim() || null,
        reason: text.reason?.trim() || null,
        outcome: text.outcome?.trim() || null,
      });
      // a completed referral enrols the person in the partner's own records, delivered from the outbox
      // (civil affairs' own programs are enrolments in the registry's assistance statuses)
      if (moved && rule.to === 'COMPLETED' && referral.toDepartment !== Department.CIVIL_AFFAIRS) {
        await this.outbox.add(tx, ENROLL, {
          department: referral.toDepartment,
          idNumber: await this.subjects.idNumberOf(tx, referral.subjectId),
          programId: referral.programId,
          since: new Date().toISOString().slice(0, 10),
        });
      }
      // the region's dashboards count pending referrals: they hear of the change at once
      if (moved)
        await this.events.append(tx, {
          kind: 'REFERRAL_CHANGED',
          entityId: id,
          regionCode: subject.registeredRegionCode,
          department: referral.toDepartment,
        });
      return moved;
    });
    if (!done) throw new ConflictError(`referral ${id} was changed meanwhile; it is no longer ${rule.from}`);
    this.events.committed();
    return this.referrals.saved(id);
  }

  /** A department's inbox (or civil affairs' follow-up of everyone's), inside the caller's region, a page at a time. */
  list(
    department: Department,
    status: string | null,
    identity: Identity,
    first?: number | null,
    after?: string | null,
  ): Promise<ReferralEntity[]> {
    const page = pageById(REFERRAL_CURSOR, first, after);
    this.assertReader(department, identity);
    return this.referrals.find({ department, status, regionCode: identity.region }, page);
  }

  /** Only the department referrals are addressed to (or civil affairs, following up) reads them. */
  assertReader(department: Department, identity: Identity): void {
    if (identity.department !== department && identity.department !== Department.CIVIL_AFFAIRS) {
      throw new ForbiddenError(
        `only ${department} (or civil affairs, following up) reads ${department}'s referrals`,
      );
    }
  }

  /** 跟踪回访: referrals still pending more than `workingDays` working days after they were made. */
  async overdue(workingDays: number, identity: Identity, now = new Date()): Promise<ReferralEntity[]> {
    const all = await this.referrals.find({
      department: null,
      status: 'PENDING',
      regionCode: identity.region,
    });
    const calendar = (await this.policy.snapshot()).calendar;
    const today = now.toISOString().slice(0, 10);
    return all.filter(
      (r) => addWorkingDays(r.createdAt.toISOString().slice(0, 10), workingDays, calendar) < today,
    );
  }
}
