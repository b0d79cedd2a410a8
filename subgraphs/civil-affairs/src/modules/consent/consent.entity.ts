import { Column, Entity, PrimaryColumn } from 'typeorm';
import { isoDate } from '../../../../../shared/transformers';

/** A subject's signed authorisation to share the household's economic data with other departments. */
@Entity({ name: 'consents' })
export class ConsentEntity {
  @PrimaryColumn({ name: 'subject_id', type: 'uuid' })
  subjectId: string;

  @PrimaryColumn({ type: 'varchar', length: 16 })
  scope: string;

  @Column({ type: 'text' })
  reference: string;

  @Column({ name: 'signed_on', type: 'date', transformer: isoDate })
  signedOn: string;

  @Column({ name: 'recorded_by', type: 'text' })
  recordedBy: string;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt: Date | null;
}
