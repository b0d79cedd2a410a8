import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { isoDate } from '../../../../shared/transformers';

/** 工会会员档案: membership, employer and the difficult-worker record (困难职工档案), one row per person. */
@Entity({ name: 'union_members' })
export class UnionMemberEntity {
  @PrimaryColumn({ name: 'id_number', type: 'varchar', length: 18 })
  idNumber: string;

  @Column({ type: 'boolean' })
  member: boolean;

  @Column({ type: 'text', nullable: true })
  employer: string | null;

  /** the three difficult_* columns are all set or all null (a CHECK in the migration) */
  @Column({ name: 'difficult_level', type: 'varchar', length: 16, nullable: true })
  difficultLevel: string | null;

  @Column({ name: 'difficult_since', type: 'date', nullable: true, transformer: isoDate })
  difficultSince: string | null;

  @Column({ name: 'difficult_reason', type: 'text', nullable: true })
  difficultReason: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
