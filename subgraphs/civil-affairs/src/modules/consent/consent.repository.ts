import { DataSource, In, IsNull } from 'typeorm';
import { ConsentEntity } from './consent.entity';

export class ConsentRepository {
  constructor(private readonly db: DataSource) {}

  /* economicConsents (subjectIds): signed and not revoked */
  economicConsents(subjectIds: readonly string[]): Promise<ConsentEntity[]> {
    return this.db
      .getRepository(ConsentEntity)
      .findBy({ subjectId: In([...subjectIds]), scope: 'ECONOMIC', revokedAt: IsNull() });
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
