import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { DueDecision, TierDecision } from '../policy/engine';

/** A partner department's published facts about a person (outbox push or catch-up), as of a time. */
@Entity({ name: 'partner_facts' })
export class PartnerFactsEntity {
  @PrimaryColumn({ name: 'id_number', type: 'varchar', length: 18 })
  idNumber: string;

  @PrimaryColumn({ type: 'varchar', length: 20 })
  department: string;

  @Column({ type: 'jsonb' })
  facts: Record<string, unknown>;

  @Column({ name: 'as_of', type: 'timestamptz' })
  asOf: Date;

  @Column({ name: 'received_at', type: 'timestamptz' })
  receivedAt: Date;
}

/** 对象分级与走访计划: a subject's stored tier and next due visit, and the facts they rest on. */
@Entity({ name: 'subject_standing' })
export class SubjectStandingEntity {
  @PrimaryColumn({ name: 'subject_id', type: 'uuid' })
  subjectId: string;

  @Column({ name: 'id_number', type: 'varchar', length: 18 })
  idNumber: string;

  @Column({ name: 'registered_region_code', type: 'varchar', length: 12 })
  registeredRegionCode: string;

  @Column({ name: 'residence_region_code', type: 'varchar', length: 12 })
  residenceRegionCode: string;

  /** where visits are organised from: the registered region, or the township the duty was delegated to */
  @Column({ name: 'visit_region_code', type: 'varchar', length: 12 })
  visitRegionCode: string;

  @Column({ type: 'varchar', length: 20, nullable: true })
  tier: string | null;

  @Column({ type: 'jsonb', nullable: true })
  decision: (TierDecision & { pack: string }) | null;

  @Column({ type: 'varchar', length: 80, nullable: true })
  pack: string | null;

  @Column({ type: 'jsonb' })
  facts: Record<string, unknown>;

  @Column({ name: 'due_at', type: 'timestamptz', nullable: true })
  dueAt: Date | null;

  @Column({ name: 'due_reason', type: 'text' })
  dueReason: DueDecision['reason'];

  @Column({ name: 'due_source', type: 'text' })
  dueSource: string;

  @Column({ name: 'last_visit_at', type: 'timestamptz', nullable: true })
  lastVisitAt: Date | null;

  /** when time alone may change the standing (a birthday, an event window ending): the sweep's cue */
  @Column({ name: 'valid_until', type: 'timestamptz', nullable: true })
  validUntil: Date | null;

  @Column({ name: 'computed_at', type: 'timestamptz' })
  computedAt: Date;
}
