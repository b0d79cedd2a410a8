import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { decimal } from '../../../../shared/transformers';

/** 医保 / 卫健's record of a person: insurance, major illness and out-of-pocket spending. */
@Entity({ name: 'medical_records' })
export class MedicalRecordEntity {
  @PrimaryColumn({ name: 'id_number', type: 'varchar', length: 18 })
  idNumber: string;

  @Column({ name: 'insurance_type', type: 'varchar', length: 16 })
  insuranceType: string;

  @Column({ name: 'major_illness', type: 'boolean' })
  majorIllness: boolean;

  @Column({ type: 'text', nullable: true })
  diagnosis: string | null;

  /** yuan, over the last 12 months */
  @Column({
    name: 'out_of_pocket_last_12_months',
    type: 'numeric',
    precision: 12,
    scale: 2,
    transformer: decimal,
  })
  outOfPocketLast12Months: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
