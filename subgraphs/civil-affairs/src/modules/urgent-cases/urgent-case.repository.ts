import { Any, DataSource, EntityManager } from 'typeorm';
import { UrgentCaseEntity } from './urgent-case.entity';

export interface UrgentCaseRow {
  id: string;
  subjectId: string;
  kind: string;
  occurredAt: Date;
  description: string | null;
  visitDeadline: Date;
  reportedBy: string;
  /** a partner push's own key: the same push opens one case */
  sourceKey?: string | null;
}

export class UrgentCaseRepository {
  constructor(private readonly db: DataSource) {}

  /* urgentCasesByIds (ids) */
  byIds(ids: readonly string[]): Promise<UrgentCaseEntity[]> {
    return this.db.getRepository(UrgentCaseEntity).findBy({ id: Any([...ids]) });
  }

  /* urgentCaseById (id) */
  byId(id: string): Promise<UrgentCaseEntity> {
    return this.db.getRepository(UrgentCaseEntity).findOneByOrFail({ id });
  }

  /* urgentCasesBySubjectIds (subjectIds), newest first */
  bySubjectIds(ids: readonly string[]): Promise<UrgentCaseEntity[]> {
    return this.db
      .getRepository(UrgentCaseEntity)
      .find({ where: { subjectId: Any([...ids]) }, order: { occurredAt: 'DESC' } });
  }

  /** Writes the case; one whose source key is already known writes nothing. Says whether it wrote. */
  async insert(tx: EntityManager, c: UrgentCaseRow): Promise<boolean> {
    const rows: Array<{ id: string }> = await tx.query(
      `/* insertUrgentCase (urgentCase) */
       INSERT INTO urgent_cases (id, subject_id, kind, occurred_at, description, visit_deadline, reported_by, source_key)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (source_key) DO NOTHING RETURNING id`,
      [
        c.id,
        c.subjectId,
        c.kind,
        c.occurredAt,
        c.description,
        c.visitDeadline,
        c.reportedBy,
        c.sourceKey ?? null,
      ],
    );
    return rows.length > 0;
  }

  /** Marks the subject's unanswered cases up to `until` as answered by the visit. */
  async answer(tx: EntityManager, visitId: string, subjectId: string, until: Date): Promise<void> {
    await tx.query(
      `/* answerUrgentCases (visitId, subjectId, until) */
       UPDATE urgent_cases SET visit_id = $1 WHERE subject_id = $2 AND visit_id IS NULL AND occurred_at <= $3`,
      [visitId, subjectId, until],
    );
  }
}
