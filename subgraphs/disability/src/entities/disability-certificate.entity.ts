import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { isoDate } from '../../../../shared/transformers';

/** 残疾人证: one current certificate per person. */
@Entity({ name: 'disability_certificates' })
export class DisabilityCertificateEntity {
  @PrimaryColumn({ name: 'id_number', type: 'varchar', length: 18 })
  idNumber: string;

  @Index({ unique: true })
  @Column({ name: 'certificate_number', type: 'varchar', length: 20 })
  certificateNumber: string;

  @Column({ type: 'varchar', length: 16 })
  category: string;

  @Column({ type: 'smallint' })
  grade: number;

  @Column({ name: 'issued_at', type: 'date', nullable: true, transformer: isoDate })
  issuedAt: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
