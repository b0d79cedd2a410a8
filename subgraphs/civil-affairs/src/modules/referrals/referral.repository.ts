import { updateReturning } from '../../../../../shared/database';
import { DataSource, EntityManager, In } from 'typeorm';
import type { Page } from '../../../../../shared/paging';
import { ReferralEntity } from './referral.entity';

export interface NewReferral {
  id: string;
  subjectId: string;
  programId: string;
  programName: string;
  toDepartment: string;
  fromDepartment: string;
  referredBy: string;
  reason: string;
  consentReference: string | null;
  overrideReason: string | null;
}

export interface ReferralStep {
  from: string;
  to: string;
  note: string | null;
  reason: string | null;
  outcome: string | null;
}

export class ReferralRepository {
  constructor(private readonly db: DataSource) {}

  /* referralsByIds (ids) */
  byIds(ids: readonly string[]): Promise<ReferralEntity[]> {
    return this.db.getRepository(ReferralEntity).findBy({ id: In([...ids]) });
  }

  /* referralById (id) */
  byId(id: string): Promise<ReferralEntity | null> {
    return this.db.getRepository(ReferralEntity).findOneBy({ id });
  }

  /* savedReferral (id) */
  saved(id: string): Promise<ReferralEntity> {
    return this.db.getRepository(ReferralEntity).findOneByOrFail({ id });
  }

  /** A new PENDING referral; a second open one of the subject to the program fails (unique index, 23505). */
  async insert(tx: EntityManager, r: NewReferral): Promise<void> {
    await tx.query(
      `/* insertReferral (referral) */
       INSERT INTO referrals (id, subject_id, program_id, program_name, to_department, from_department, referred_by, reason,
         status, consent_reference, override_reason)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'PENDING', $9, $10)`,
      [
        r.id,
        r.subjectId,
        r.programId,
        r.programName,
        r.toDepartment,
        r.fromDepartment,
        r.referredBy,
        r.reason,
        r.consentReference,
        r.overrideReason,
      ],
    );
  }

  /** Moves the referral on if it is still at `version` and in `step.from` (optimistic); says whether it was. */
  async transition(tx: EntityManager, id: string, version: number, step: ReferralStep): Promise<boolean> {
    const rows = await updateReturning(
      tx,
      `/* transitionReferral (id, version, step) */
       UPDATE referrals SET status = $3, note = COALESCE($4, note), rejection_reason = COALESCE($5, rejection_reason),
         outcome = COALESCE($6, outcome), updated_at = now(), version = version + 1
       WHERE id = $1 AND version = $2 AND status = $7 RETURNING id`,
      [id, version, step.to, step.note, step.reason, step.outcome, step.from],
    );
    return rows.length > 0;
  }

  /** Referrals of subjects registered in the region, oldest first (then by id); one page when given. */
  find(
    by: {
      department: string | null;
      status: string | null;
      regionCode: string | null;
    },
    page?: Page,
  ): Promise<ReferralEntity[]> {
    const q = this.db
      .getRepository(ReferralEntity)
      .createQueryBuilder('r')
      .innerJoin('subjects', 's', 's.id = r.subject_id')
      .comment('referralsTo (department?, status?, regionCode?, page?)')
      .orderBy('r.created_at', 'ASC')
      .addOrderBy('r.id', 'ASC');
    if (by.department) q.andWhere('r.to_department = :department', { department: by.department });
    if (by.status) q.andWhere('r.status = :status', { status: by.status });
    if (by.regionCode) q.andWhere('s.registered_region_code LIKE :prefix', { prefix: `${by.regionCode}%` });
    if (page?.afterId)
      q.andWhere('(r.created_at, r.id) > (SELECT created_at, id FROM referrals WHERE id = :afterId)', {
        afterId: page.afterId,
      });
    if (page) q.limit(page.limit);
    return q.getMany();
  }
}
