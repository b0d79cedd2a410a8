import { updateReturning } from '../../../../../shared/database';
import { DataSource, EntityManager, In, IsNull, Not } from 'typeorm';
import { Finding, SignOff, TeamMember, VisitEntity } from './visit.entity';

export interface NewVisit {
  id: string;
  subjectId: string;
  townshipCode: string;
  visitor: string;
  mode: string;
  kind: string;
  startedAt: Date;
  packKey: string;
  packVersion: number;
  tier: string;
  template: VisitEntity['template'];
  signOffRoles: string[];
}

/** What ending a visit records. */
export interface VisitEnd {
  startedAt: Date;
  endedAt: Date;
  findings: Finding[];
  needs: string[];
  actions: string | null;
  photoRef: string | null;
  signatureRef: string | null;
  coVisitors: string[];
  team: TeamMember[];
  complete: boolean;
  missingDimensions: string[];
  signOffs: SignOff[];
  changes: string[];
  nextDueAt: Date | null;
  changeReportDue: string | null;
  assistancePlanDue: string | null;
  deadlineCertain: boolean;
  urgentCaseId: string | null;
}

/** The county's initial assistance plan for a reported change. */
export interface AssistancePlanRow {
  measures: string[];
  endsAssistance: boolean;
  recordedBy: string;
}

/** Visits and the delegation of the visiting duty (人户分离). */
export class VisitRepository {
  constructor(private readonly db: DataSource) {}

  /* visitsByIds (ids) */
  byIds(ids: readonly string[]): Promise<VisitEntity[]> {
    return this.db.getRepository(VisitEntity).findBy({ id: In([...ids]) });
  }

  /* visitById (id) */
  byId(id: string, runner: EntityManager = this.db.manager): Promise<VisitEntity | null> {
    return runner.getRepository(VisitEntity).findOneBy({ id });
  }

  /* savedVisit (id) */
  saved(id: string, runner: EntityManager = this.db.manager): Promise<VisitEntity> {
    return runner.getRepository(VisitEntity).findOneByOrFail({ id });
  }

  /* endedVisitAt (subjectId, startedAt, mode, visitor): an ended visit that started then */
  endedAt(subjectId: string, startedAt: Date, mode: string, visitor: string): Promise<VisitEntity | null> {
    return this.db
      .getRepository(VisitEntity)
      .findOneBy({ subjectId, startedAt, mode, visitor, endedAt: Not(IsNull()) });
  }

  async insert(v: NewVisit): Promise<void> {
    await this.db.query(
      `/* insertVisit (visit) */
       INSERT INTO visits (id, subject_id, township_code, visitor, mode, started_at, pack_key, pack_version, tier, template,
         kind, sign_off_roles)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
      [
        v.id,
        v.subjectId,
        v.townshipCode,
        v.visitor,
        v.mode,
        v.startedAt,
        v.packKey,
        v.packVersion,
        v.tier,
        v.template,
        v.kind,
        v.signOffRoles,
      ],
    );
  }

  /** Optimistic: of two people ending the same visit at once, one claims it; says whether this one did. */
  async claimForEnd(tx: EntityManager, id: string, version: number): Promise<boolean> {
    const claimed = await updateReturning(
      tx,
      `/* claimVisitForEnd (id, version) */
       UPDATE visits SET version = version + 1 WHERE id = $1 AND version = $2 AND ended_at IS NULL RETURNING id`,
      [id, version],
    );
    return claimed.length > 0;
  }

  async recordEnd(tx: EntityManager, id: string, end: VisitEnd): Promise<void> {
    await tx.query(
      `/* recordVisitEnd (id, end) */
       UPDATE visits SET started_at = $15, ended_at = $2, findings = $3, needs = $4, actions = $5, photo_ref = $6, signature_ref = $7,
         co_visitors = $8, sign_offs = $9, changes = $10, next_due_at = $11, change_report_due = $12,
         assistance_plan_due = $13, urgent_case_id = $14, team = $16, complete = $17, missing_dimensions = $18,
         deadline_certain = $19
       WHERE id = $1`,
      [
        id,
        end.endedAt,
        JSON.stringify(end.findings),
        end.needs,
        end.actions,
        end.photoRef,
        end.signatureRef,
        end.coVisitors,
        JSON.stringify(end.signOffs),
        end.changes,
        end.nextDueAt,
        end.changeReportDue,
        end.assistancePlanDue,
        end.urgentCaseId,
        end.startedAt,
        JSON.stringify(end.team),
        end.complete,
        end.missingDimensions,
        end.deadlineCertain,
      ],
    );
  }

  /** Adds a signature if the visit is still as read (optimistic); says whether it was. */
  async addSignOff(id: string, version: number, signOff: SignOff): Promise<boolean> {
    const rows = await updateReturning(
      this.db.manager,
      `/* addVisitSignOff (id, version, signOff) */
       UPDATE visits SET sign_offs = sign_offs || $3::jsonb, version = version + 1
        WHERE id = $1 AND version = $2 RETURNING id`,
      [id, version, JSON.stringify([signOff])],
    );
    return rows.length > 0;
  }

  /** The township reports the change (once); the plan's deadline now counts from the report. */
  async markChangeReported(
    id: string,
    version: number,
    report: { by: string; note: string | null; planDue: string | null; deadlineCertain: boolean },
  ): Promise<boolean> {
    const rows = await updateReturning(
      this.db.manager,
      `/* markChangeReported (id, version, report) */
       UPDATE visits SET change_reported_at = now(), change_reported_by = $3, change_report_note = $4,
              assistance_plan_due = $5, deadline_certain = $6, version = version + 1
        WHERE id = $1 AND version = $2 AND change_reported_at IS NULL RETURNING id`,
      [id, version, report.by, report.note, report.planDue, report.deadlineCertain],
    );
    return rows.length > 0;
  }

  /** The county's plan (once), inside the transaction that may also end the subject's assistance. */
  async recordPlan(
    tx: EntityManager,
    id: string,
    version: number,
    plan: AssistancePlanRow,
  ): Promise<boolean> {
    const rows = await updateReturning(
      tx,
      `/* recordAssistancePlan (id, version, plan) */
       UPDATE visits SET plan_recorded_at = now(), plan_recorded_by = $3, plan_measures = $4,
              plan_ends_assistance = $5, version = version + 1
        WHERE id = $1 AND version = $2 AND plan_recorded_at IS NULL RETURNING id`,
      [id, version, plan.recordedBy, plan.measures, plan.endsAssistance],
    );
    return rows.length > 0;
  }

  /** "cancel assistance: not eligible": every active status of the subject ends on `day`. */
  async endActiveAssistance(tx: EntityManager, subjectId: string, day: string): Promise<void> {
    await tx.query(
      `/* endActiveAssistance (subjectId, day) */
       UPDATE assistance_statuses SET status = 'ENDED', until = GREATEST(since, $2::date)
        WHERE subject_id = $1 AND status = 'ACTIVE'`,
      [subjectId, day],
    );
  }

  async deleteUnended(id: string): Promise<void> {
    await this.db.query(
      `/* deleteUnendedVisit (id) */ DELETE FROM visits WHERE id = $1 AND ended_at IS NULL`,
      [id],
    );
  }

  /* visitsWithChangeDeadlines (townshipPrefix, includeDone), earliest report deadline first */
  withChangeDeadlines(townshipPrefix: string, includeDone: boolean): Promise<VisitEntity[]> {
    const q = this.db
      .getRepository(VisitEntity)
      .createQueryBuilder('v')
      .where('v.township_code LIKE :prefix', { prefix: `${townshipPrefix}%` })
      .andWhere('v.change_report_due IS NOT NULL');
    if (!includeDone) q.andWhere('v.plan_recorded_at IS NULL');
    return q.orderBy('v.change_report_due', 'ASC').addOrderBy('v.id', 'ASC').getMany();
  }

  /** The township the visiting duty was handed to, if it was. */
  async delegatedTownship(subjectId: string): Promise<string | null> {
    const [delegation]: Array<{ township_code: string }> = await this.db.query(
      `/* delegatedTownship (subjectId) */ SELECT township_code FROM visit_delegations WHERE subject_id = $1`,
      [subjectId],
    );
    return delegation?.township_code ?? null;
  }

  async delegate(
    subjectId: string,
    townshipCode: string,
    reason: string,
    delegatedBy: string,
  ): Promise<void> {
    await this.db.query(
      `/* delegateVisits (subjectId, townshipCode, reason, delegatedBy) */
       INSERT INTO visit_delegations (subject_id, township_code, reason, delegated_by) VALUES ($1, $2, $3, $4)
       ON CONFLICT (subject_id) DO UPDATE SET township_code = EXCLUDED.township_code, reason = EXCLUDED.reason,
         delegated_at = now(), delegated_by = EXCLUDED.delegated_by`,
      [subjectId, townshipCode, reason, delegatedBy],
    );
  }
}
