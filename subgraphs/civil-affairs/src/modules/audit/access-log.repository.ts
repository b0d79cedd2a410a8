import type { DataSource } from 'typeorm';
import { ShippedAccessEntry, citizenRoleSql } from '../../../../../shared/access-log';
import type { AuditKind } from '../../../../../shared/audit';

/** One read or change of a person's data as the person may see it: no actor. */
export interface AccessLogRow {
  at: Date;
  /** the caller's department */
  department: string;
  /** the caller's role, or SERVICE */
  role: string;
  operation: string;
  kind: AuditKind;
  fields: string[];
  /** the department whose log holds the entry */
  recordedBy: string;
}

/** The partners' shipped entries (`access_log`) and, beside them, civil affairs' own audit log. */
export class AccessLogRepository {
  constructor(private readonly db: DataSource) {}

  /** Stores a partner's entries; one already held (same department and seq) is left as it is. */
  async store(department: string, entries: readonly ShippedAccessEntry[]): Promise<number> {
    if (!entries.length) return 0;
    const [{ stored }]: Array<{ stored: number }> = await this.db.query(
      `/* storeAccessLog (department, entries) */
       WITH saved AS (
         INSERT INTO access_log (department, seq, at, caller_department, role, operation, kind, subject_id_number, fields)
         SELECT $1, e.seq, e.at, e.department, e.role, e.operation, e.kind, e."subjectIdNumber", e.fields
         FROM jsonb_to_recordset($2::jsonb) AS e(seq bigint, at timestamptz, department text, role text,
           operation text, kind text, "subjectIdNumber" text, fields text[])
         ON CONFLICT (department, seq) DO NOTHING
         RETURNING 1
       )
       SELECT count(*)::int AS stored FROM saved`,
      [department, JSON.stringify(entries)],
    );
    return stored;
  }

  /**
   * A person's entries since `since`, newest first, at most `limit`: civil affairs' own log and the
   * partners' shipped entries, in one statement (each side by its (subject_id_number, at) index).
   */
  entriesOf(idNumber: string, since: Date | null, limit: number): Promise<AccessLogRow[]> {
    return this.db.query(
      `/* myAccessLog (idNumber, since, limit) */
       SELECT at, department, role, operation, kind, fields, "recordedBy" FROM (
         SELECT a.at, a.department, ${citizenRoleSql('a')} AS role, a.operation, a.kind, a.fields,
                'CIVIL_AFFAIRS'::text AS "recordedBy", a.seq
         FROM audit_log a
         WHERE a.subject_id_number = $1 AND ($2::timestamptz IS NULL OR a.at >= $2)
         UNION ALL
         SELECT m.at, m.caller_department, m.role, m.operation, m.kind, m.fields, m.department, m.seq
         FROM access_log m
         WHERE m.subject_id_number = $1 AND ($2::timestamptz IS NULL OR m.at >= $2)
       ) entries
       ORDER BY at DESC, "recordedBy", seq DESC
       LIMIT $3`,
      [idNumber, since, limit],
    );
  }
}
