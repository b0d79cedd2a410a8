import { Column, Entity, PrimaryColumn, VersionColumn } from 'typeorm';

export interface ItemFinding {
  item: string;
  status: 'OK' | 'CONCERN' | 'URGENT';
  note: string | null;
}

export interface Finding {
  dimension: string;
  status: 'OK' | 'CONCERN' | 'URGENT';
  note: string | null;
  /** the template's sub-items of the dimension, as assessed */
  items?: ItemFinding[];
}

/** one of the visiting team with their role (Rui'an 1名党员+1名救助社工+1名网格员) */
export interface TeamMember {
  name: string;
  role: string;
}

export interface SignOff {
  role: string;
  name: string;
  signedAt: string;
}

/** 探访 / 巡访: one visit, with the template it was done against and what was found. */
@Entity({ name: 'visits' })
export class VisitEntity {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Column({ name: 'subject_id', type: 'uuid' })
  subjectId: string;

  @Column({ name: 'township_code', type: 'varchar', length: 12 })
  townshipCode: string;

  @Column({ type: 'text' })
  visitor: string;

  @Column({ name: 'co_visitors', type: 'text', array: true })
  coVisitors: string[];

  @Column({ type: 'varchar', length: 8 })
  mode: string;

  /** CARE 探访关爱, or a kind of the pack's `visitKinds` (HAPPINESS_LIST_DELIVERY 幸福清单送达) */
  @Column({ type: 'varchar', length: 24 })
  kind: string;

  /** every dimension the pack requires was assessed; null while open. Only a complete care visit resets the due date. */
  @Column({ type: 'boolean', nullable: true })
  complete: boolean | null;

  @Column({ name: 'missing_dimensions', type: 'text', array: true })
  missingDimensions: string[];

  @Column({ type: 'jsonb' })
  team: TeamMember[];

  @Column({ name: 'started_at', type: 'timestamptz' })
  startedAt: Date;

  @Column({ name: 'ended_at', type: 'timestamptz', nullable: true })
  endedAt: Date | null;

  @Column({ name: 'pack_key', type: 'varchar', length: 40 })
  packKey: string;

  @Column({ name: 'pack_version', type: 'int' })
  packVersion: number;

  @Column({ type: 'varchar', length: 10 })
  tier: string;

  @Column({ type: 'jsonb' })
  template: {
    key: string;
    dimensions: Array<{ key: string; label: string; items: string[] }>;
    seasons: string[];
  };

  @Column({ type: 'jsonb', nullable: true })
  findings: Finding[] | null;

  @Column({ type: 'text', array: true })
  needs: string[];

  @Column({ type: 'text', array: true })
  changes: string[];

  @Column({ type: 'text', nullable: true })
  actions: string | null;

  @Column({ name: 'photo_ref', type: 'text', nullable: true })
  photoRef: string | null;

  @Column({ name: 'signature_ref', type: 'text', nullable: true })
  signatureRef: string | null;

  @Column({ name: 'sign_offs', type: 'jsonb' })
  signOffs: SignOff[];

  /** the roles whose signatures confirm the result (the pack's signOff.roles when the visit started) */
  @Column({ name: 'sign_off_roles', type: 'text', array: true })
  signOffRoles: string[];

  @Column({ name: 'next_due_at', type: 'timestamptz', nullable: true })
  nextDueAt: Date | null;

  @Column({ name: 'change_report_due', type: 'date', nullable: true })
  changeReportDue: string | null;

  @Column({ name: 'assistance_plan_due', type: 'date', nullable: true })
  assistancePlanDue: string | null;

  /** false when a deadline falls past the last day the working-day calendar knows */
  @Column({ name: 'deadline_certain', type: 'boolean' })
  deadlineCertain: boolean;

  @Column({ name: 'change_reported_at', type: 'timestamptz', nullable: true })
  changeReportedAt: Date | null;

  @Column({ name: 'change_reported_by', type: 'text', nullable: true })
  changeReportedBy: string | null;

  @Column({ name: 'change_report_note', type: 'text', nullable: true })
  changeReportNote: string | null;

  @Column({ name: 'plan_recorded_at', type: 'timestamptz', nullable: true })
  planRecordedAt: Date | null;

  @Column({ name: 'plan_recorded_by', type: 'text', nullable: true })
  planRecordedBy: string | null;

  @Column({ name: 'plan_measures', type: 'text', array: true, nullable: true })
  planMeasures: string[] | null;

  /** "cancel assistance: not eligible": the plan ended the subject's active assistance */
  @Column({ name: 'plan_ends_assistance', type: 'boolean', nullable: true })
  planEndsAssistance: boolean | null;

  @Column({ name: 'urgent_case_id', type: 'uuid', nullable: true })
  urgentCaseId: string | null;

  @VersionColumn({ type: 'int' })
  version: number;
}
