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

export interface ExternalProgramRow {
  id: string;
  regionCode: string;
  area: string;
  name: string;
  agency: string;
  contact: string;
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
  async transition(
    tx: EntityManager,
    id: string,
    version: number,
    step: ReferralStep,
    followUpDueAt: Date | null = null,
  ): Promise<boolean> {
    const rows = await updateReturning(
      tx,
      `/* transitionReferral (id, version, step, followUpDueAt) */
       UPDATE referrals SET status = $3::varchar, note = COALESCE($4, note), rejection_reason = COALESCE($5, rejection_reason),
         outcome = COALESCE($6, outcome), updated_at = now(), version = version + 1,
         completed_at = CASE WHEN $3::varchar = 'COMPLETED' THEN now() ELSE completed_at END,
         follow_up_due_at = COALESCE($8::timestamptz, follow_up_due_at)
       WHERE id = $1 AND version = $2 AND status = $7 RETURNING id`,
      [id, version, step.to, step.note, step.reason, step.outcome, step.from, followUpDueAt],
    );
    return rows.length > 0;
  }

  /* openFollowUps (subjectIds): completed referrals not followed up yet, earliest due first */
  openFollowUps(subjectIds: readonly string[]): Promise<ReferralEntity[]> {
    return this.db
      .getRepository(ReferralEntity)
      .createQueryBuilder('r')
      .where('r.subject_id = ANY(:ids)', { ids: [...subjectIds] })
      .andWhere('r.follow_up_due_at IS NOT NULL AND r.followed_up_at IS NULL')
      .orderBy('r.follow_up_due_at', 'ASC')
      .comment('openFollowUps (subjectIds)')
      .getMany();
  }

  /** Records the follow-up of a completed referral once (optimistic); says whether it was. */
  async recordFollowUp(
    tx: EntityManager,
    id: string,
    version: number,
    f: { at: Date; by: string; helpArrived: boolean; note: string | null },
  ): Promise<boolean> {
    const rows = await updateReturning(
      tx,
      `/* recordReferralFollowUp (id, version, followUp) */
       UPDATE referrals SET followed_up_at = $3, followed_up_by = $4, help_arrived = $5, follow_up_note = $6,
         updated_at = now(), version = version + 1
       WHERE id = $1 AND version = $2 AND status = 'COMPLETED' AND followed_up_at IS NULL RETURNING id`,
      [id, version, f.at, f.by, f.helpArrived, f.note],
    );
    return rows.length > 0;
  }

  async insertExternalProgram(p: ExternalProgramRow, createdBy: string): Promise<void> {
    await this.db.query(
      `/* insertExternalProgram (program) */
       INSERT INTO external_programs (id, region_code, area, name, agency, contact, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [p.id, p.regionCode, p.area, p.name, p.agency, p.contact, createdBy],
    );
  }

  /** External programs serving a region: those kept for it and for any region above it. */
  externalProgramsFor(regionCode: string): Promise<ExternalProgramRow[]> {
    return this.db.query(
      `/* externalProgramsFor (regionCode) */
       SELECT id, region_code AS "regionCode", area, name, agency, contact FROM external_programs
       WHERE $1 LIKE region_code || '%' OR region_code LIKE $1 || '%' ORDER BY area, name`,
      [regionCode],
    );
  }

  externalProgramById(id: string): Promise<ExternalProgramRow | undefined> {
    return this.db
      .query(
        `/* externalProgramById (id) */
         SELECT id, region_code AS "regionCode", area, name, agency, contact FROM external_programs WHERE id = $1`,
        [id],
      )
      .then((rows: ExternalProgramRow[]) => rows[0]);
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
