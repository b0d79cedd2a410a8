import { Any, DataSource, IsNull } from 'typeorm';
import { ConsentEntity } from './consent.entity';

export interface SharingRow {
  subjectId: string;
  department: string;
  kind: 'REFERRAL' | 'RECORD';
}

export class ConsentRepository {
  constructor(private readonly db: DataSource) {}

  /* economicConsents (subjectIds): signed and not revoked */
  economicConsents(subjectIds: readonly string[]): Promise<ConsentEntity[]> {
    return this.db
      .getRepository(ConsentEntity)
      .findBy({ subjectId: Any([...subjectIds]), scope: 'ECONOMIC', revokedAt: IsNull() });
  }

  /**
   * Departments that share in a person's file (subjects by id): those handling or sending a live
   * referral of them, and partners that hold a record of them (facts reported with a value).
   */
  async sharing(subjectIds: readonly string[]): Promise<SharingRow[]> {
    return this.db.query(
      `/* sharingDepartments (subjectIds) */
       SELECT r.subject_id AS "subjectId", d.department, 'REFERRAL' AS kind
         FROM referrals r
         CROSS JOIN LATERAL (VALUES (r.to_department), (r.from_department)) AS d(department)
        WHERE r.subject_id = ANY($1::uuid[]) AND r.status NOT IN ('REJECTED', 'WITHDRAWN')
       UNION
       SELECT s.id, f.department, 'RECORD'
         FROM subjects s JOIN partner_facts f ON f.id_number = s.id_number
        WHERE s.id = ANY($1::uuid[])
          AND EXISTS (SELECT 1 FROM jsonb_each(f.facts) e WHERE e.value <> 'null'::jsonb)`,
      [[...subjectIds]],
    );
  }

  async recordEconomic(
    subjectId: string,
    reference: string,
    signedOn: string,
    recordedBy: string,
  ): Promise<void> {
    await this.db.query(
      `/* recordEconomicConsent (subjectId, reference, signedOn, recordedBy) */
       INSERT INTO consents (subject_id, scope, reference, signed_on, recorded_by) VALUES ($1, 'ECONOMIC', $2, $3, $4)
       ON CONFLICT (subject_id, scope) DO UPDATE SET reference = EXCLUDED.reference, signed_on = EXCLUDED.signed_on,
         recorded_by = EXCLUDED.recorded_by, recorded_at = now(), revoked_at = NULL`,
      [subjectId, reference, signedOn, recordedBy],
    );
  }

  async revoke(subjectId: string): Promise<void> {
    await this.db.query(
      `/* revokeConsents (subjectId) */ UPDATE consents SET revoked_at = now() WHERE subject_id = $1 AND revoked_at IS NULL`,
      [subjectId],
    );
  }
}
