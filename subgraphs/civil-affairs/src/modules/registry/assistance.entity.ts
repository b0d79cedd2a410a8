import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';
import { isoDate } from '../../../../../shared/transformers';

/** 保障类别: one admission to a category, with its dates. Ended ones are kept as history. */
@Entity({ name: 'assistance_statuses' })
@Index(['subjectId', 'category', 'since'], { unique: true })
export class AssistanceEntity {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Column({ name: 'subject_id', type: 'uuid' })
  subjectId: string;

  @Column({ type: 'varchar', length: 32 })
  category: string;

  @Column({ type: 'varchar', length: 8 })
  status: string;

  @Column({ type: 'date', transformer: isoDate })
  since: string;

  @Column({ type: 'date', nullable: true, transformer: isoDate })
  until: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
