import { updateReturning } from '../../../../shared/database';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager, In } from 'typeorm';
import { Identity, Role, authorize } from '../../../../shared/auth';
import { Department } from '../../../../shared/departments';
import {
  ConflictError,
  DepartmentUnavailableError,
  ForbiddenError,
  InvalidInputError,
  NotFoundError,
} from '../../../../shared/errors';
import { parseIdNumber } from '../../../../shared/id-number';
import type { ProgramResult } from '../../../../shared/policy/programs';
import { ReferralEntity } from '../entities/referral.entity';
import type { Outbox } from '../../../../shared/outbox';
import { ENROLL } from './enrollment-push';
import { EVENTS_CHANNEL, EventSignal } from './event-signal';
import type { SubjectEntity } from '../entities/subject.entity';
import { addWorkingDays } from '../policy/engine';
import type { ConsentService } from './consent.service';
import type { PolicyService } from './policy.service';
import { SubjectService, isVisibleTo } from './subject.service';

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

/** Writes an event of the log that subscriptions replay, inside the caller's transaction. */
export async function appendEvent(
  tx: EntityManager,
  kind: string,
  entityId: string,
  regionCode: string,
  department: string | null,
) {
  await tx.query(`SELECT pg_notify('${EVENTS_CHANNEL}', $1)`, [kind]);
  await tx.query(`INSERT INTO events (kind, entity_id, region_code, department) VALUES ($1, $2, $3, $4)`, [
    kind,
    entityId,
    regionCode,
    department,
  ]);
}

/**
 * 转介: a referral from a subject's record to another department's program. PENDING → ACCEPTED |
 * REJECTED (with reason) → COMPLETED (with outcome); WITHDRAWN by the sender while pending. Each
 * transition is checked against the referral's version, so concurrent ones end in exactly one state;
 * every new referral is written to the event log in the same transaction, so its department hears of it.
 */
export class ReferralService {
  constructor(
    private readonly db: DataSource,
    private readonly subjects: SubjectService,
    private readonly consents: ConsentService,
    private readonly policy: PolicyService,
    private readonly signal: EventSignal,
    private readonly outbox: Outbox,
  ) {}

  byIds(ids: readonly string[]) {
    return this.db.getRepository(ReferralEntity).findBy({ id: In([...ids]) });
  }

  async create(
    input: ReferralInputData,
    identity: Identity,
    programsOf: (s: SubjectEntity) => Promise<ProgramResult[]>,
  ) {
    const { idNumber } = parseIdNumber(input.idNumber, 'idNumber');
    authorize(identity, { roles: ACTORS }, 'referring a subject');
    const reason = input.reason?.trim();
    if (!reason) throw new InvalidInputError('reason', 'say why the subject is referred', 'REQUIRED');
    const [subject] = await this.subjects.byIdNumbers([idNumber]);
    if (!subject) throw new NotFoundError('subject with ID number', idNumber, 'idNumber');
    if (!isVisibleTo(subject, identity))
      throw new ForbiddenError(`this subject is outside your region ${identity.region}`);
    const programs = await programsOf(subject);
    const program = programs.find((p) => p.id === input.programId);
    if (!program) {
      const department = input.programId.split(':')[0];
      if (programs.some((p) => p.id === `${department}:*`))
        throw new DepartmentUnavailableError(department, 'its programs cannot be read now');
      throw new NotFoundError('program', input.programId, 'programId');
    }
    if (program.department === identity.department) {
      throw new InvalidInputError(
        'programId',
        'refer to another department’s program; your own needs no referral',
        'SAME_DEPARTMENT',
      );
    }
    let consentReference: string | null = null;
    let overrideReason: string | null = null;
    if (input.sharesSensitiveData) {
      const [consent] = await this.consents.economicConsentFor([subject.id]);
      if (consent) consentReference = consent.reference;
      else if (input.overrideReason?.trim() && [Role.ADMIN, Role.STAFF].includes(identity.role))
        overrideReason = input.overrideReason.trim();
      else {
        throw new InvalidInputError(
          'sharesSensitiveData',
          'sharing sensitive data needs the subject’s recorded consent, or an override with its reason by ADMIN or STAFF',
          'CONSENT_REQUIRED',
        );
      }
    }
    const id = randomUUID();
    try {
      await this.db.transaction(async (tx) => {
        await tx.query(
          `INSERT INTO referrals (id, subject_id, program_id, program_name, to_department, from_department, referred_by, reason,
             status, consent_reference, override_reason)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'PENDING', $9, $10)`,
          [
            id,
            subject.id,
            program.id,
            program.name,
            program.department,
            identity.department,
            identity.user,
            reason,
            consentReference,
            overrideReason,
          ],
        );
        await appendEvent(tx, 'REFERRAL', id, subject.registeredRegionCode, program.department);
      });
      this.signal.wake();
    } catch (e: any) {
      if (e.code === '23505')
        throw new ConflictError(`this subject already has an open referral to ${program.name}`);
      throw e;
    }
    return this.db.getRepository(ReferralEntity).findOneByOrFail({ id });
  }

  async transition(
    id: string,
    action: Action,
    identity: Identity,
    text: { note?: string | null; reason?: string | null; outcome?: string | null },
  ) {
    const rule = TRANSITIONS[action];
    const referral = await this.db.getRepository(ReferralEntity).findOneBy({ id });
    if (!referral) throw new NotFoundError('referral', id, 'id');
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
      const rows = await updateReturning(
        tx,
        `UPDATE referrals SET status = $3, note = COALESCE($4, note), rejection_reason = COALESCE($5, rejection_reason),
         outcome = COALESCE($6, outcome), updated_at = now(), version = version + 1
       WHERE id = $1 AND version = $2 AND status = $7 RETURNING id`,
        [
          id,
          referral.version,
          rule.to,
          text.note?.trim() || null,
          text.reason?.trim() || null,
          text.outcome?.trim() || null,
          rule.from,
        ],
      );
      // a completed referral enrols the person in the partner's own records, delivered from the outbox
      // (civil affairs' own programs are enrolments in the registry's assistance statuses)
      if (rows.length && rule.to === 'COMPLETED' && referral.toDepartment !== Department.CIVIL_AFFAIRS) {
        const [subject] = await tx.query(`SELECT id_number FROM subjects WHERE id = $1`, [
          referral.subjectId,
        ]);
        await this.outbox.add(tx, ENROLL, {
          department: referral.toDepartment,
          idNumber: subject.id_number,
          programId: referral.programId,
          since: new Date().toISOString().slice(0, 10),
        });
      }
      return rows;
    });
    if (!done.length)
      throw new ConflictError(`referral ${id} was changed meanwhile; it is no longer ${rule.from}`);
    return this.db.getRepository(ReferralEntity).findOneByOrFail({ id });
  }

  /** A department's inbox (or civil affairs' follow-up of everyone's), inside the caller's region. */
  async list(department: Department, status: string | null, identity: Identity) {
    if (identity.department !== department && identity.department !== Department.CIVIL_AFFAIRS) {
      throw new ForbiddenError(
        `only ${department} (or civil affairs, following up) reads ${department}'s referrals`,
      );
    }
    return this.find({ department, status }, identity);
  }

  /** 跟踪回访: referrals still pending more than `workingDays` working days after they were made. */
  async overdue(workingDays: number, identity: Identity, now = new Date()) {
    authorize(identity, { departments: [Department.CIVIL_AFFAIRS] }, 'following up referrals');
    const all = await this.find({ department: null, status: 'PENDING' }, identity);
    const calendar = (await this.policy.snapshot()).calendar;
    const today = now.toISOString().slice(0, 10);
    return all.filter(
      (r) => addWorkingDays(r.createdAt.toISOString().slice(0, 10), workingDays, calendar) < today,
    );
  }

  /** Referrals to a department (or to any), by status, of subjects inside the caller's region; oldest first. */
  private find(by: { department: Department | null; status: string | null }, identity: Identity) {
    const q = this.db
      .getRepository(ReferralEntity)
      .createQueryBuilder('r')
      .innerJoin('subjects', 's', 's.id = r.subject_id')
      .orderBy('r.created_at', 'ASC');
    if (by.department) q.andWhere('r.to_department = :department', { department: by.department });
    if (by.status) q.andWhere('r.status = :status', { status: by.status });
    if (identity.region)
      q.andWhere('s.registered_region_code LIKE :prefix', { prefix: `${identity.region}%` });
    return q.getMany();
  }
}
