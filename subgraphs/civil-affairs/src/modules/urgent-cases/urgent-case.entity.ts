import { Column, Entity, PrimaryColumn } from 'typeorm';

/** 急难: a sudden event that leaves a household unable to live; a visit is due within the pack's limit. */
@Entity({ name: 'urgent_cases' })
export class UrgentCaseEntity {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Column({ name: 'subject_id', type: 'uuid' })
  subjectId: string;

  @Column({ type: 'varchar', length: 24 })
  kind: string;

  @Column({ name: 'occurred_at', type: 'timestamptz' })
  occurredAt: Date;

  @Column({ type: 'text', nullable: true })
  description: string | null;

  @Column({ name: 'visit_deadline', type: 'timestamptz' })
  visitDeadline: Date;

  @Column({ name: 'visit_id', type: 'uuid', nullable: true })
  visitId: string | null;

  @Column({ name: 'reported_at', type: 'timestamptz' })
  reportedAt: Date;

  @Column({ name: 'reported_by', type: 'text' })
  reportedBy: string;
}
