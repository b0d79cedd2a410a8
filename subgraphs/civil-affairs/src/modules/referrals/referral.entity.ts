import { Column, Entity, PrimaryColumn, VersionColumn } from 'typeorm';

/** 转介: from a subject's record to another department's program. */
@Entity({ name: 'referrals' })
export class ReferralEntity {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Column({ name: 'subject_id', type: 'uuid' })
  subjectId: string;

  @Column({ name: 'program_id', type: 'varchar', length: 80 })
  programId: string;

  @Column({ name: 'program_name', type: 'text' })
  programName: string;

  @Column({ name: 'to_department', type: 'varchar', length: 16 })
  toDepartment: string;

  @Column({ name: 'from_department', type: 'varchar', length: 16 })
  fromDepartment: string;

  @Column({ name: 'referred_by', type: 'text' })
  referredBy: string;

  @Column({ type: 'text' })
  reason: string;

  @Column({ type: 'varchar', length: 12 })
  status: string;

  @Column({ type: 'text', nullable: true })
  note: string | null;

  @Column({ name: 'rejection_reason', type: 'text', nullable: true })
  rejectionReason: string | null;

  @Column({ type: 'text', nullable: true })
  outcome: string | null;

  @Column({ name: 'consent_reference', type: 'text', nullable: true })
  consentReference: string | null;

  @Column({ name: 'override_reason', type: 'text', nullable: true })
  overrideReason: string | null;

  @Column({ name: 'completed_at', type: 'timestamptz', nullable: true })
  completedAt: Date | null;

  /** 跟踪回访: due this long after completion (the region's pack, `referrals.followUpWithin`) */
  @Column({ name: 'follow_up_due_at', type: 'timestamptz', nullable: true })
  followUpDueAt: Date | null;

  @Column({ name: 'followed_up_at', type: 'timestamptz', nullable: true })
  followedUpAt: Date | null;

  @Column({ name: 'followed_up_by', type: 'text', nullable: true })
  followedUpBy: string | null;

  @Column({ name: 'help_arrived', type: 'boolean', nullable: true })
  helpArrived: boolean | null;

  @Column({ name: 'follow_up_note', type: 'text', nullable: true })
  followUpNote: string | null;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  @VersionColumn({ type: 'int' })
  version: number;
}
