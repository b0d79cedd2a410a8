import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { decimal } from '../../../../../shared/transformers';

/** 一户一档: one file per household. */
@Entity({ name: 'households' })
export class HouseholdEntity {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Column({ type: 'int' })
  size: number;

  /** yuan per person per month */
  @Column({
    name: 'monthly_income_per_capita',
    type: 'numeric',
    precision: 12,
    scale: 2,
    transformer: decimal,
  })
  monthlyIncomePerCapita: number;

  @Column({ name: 'property_note', type: 'text', nullable: true })
  propertyNote: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
