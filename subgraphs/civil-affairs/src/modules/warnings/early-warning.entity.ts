import { Column, Entity, PrimaryColumn, VersionColumn } from 'typeorm';

export interface WarningNote {
  at: string;
  by: string;
  status: string;
  note: string;
}

/** 预警: a change that may trigger a need, for the village advisor to follow up. */
@Entity({ name: 'early_warnings' })
export class EarlyWarningEntity {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Column({ name: 'subject_id', type: 'uuid' })
  subjectId: string;

  @Column({ name: 'village_code', type: 'varchar', length: 12 })
  villageCode: string;

  @Column({ name: 'rule_key', type: 'varchar', length: 40 })
  ruleKey: string;

  @Column({ type: 'text' })
  label: string;

  @Column({ type: 'text' })
  source: string;

  @Column({ type: 'text' })
  detail: string;

  @Column({ type: 'varchar', length: 16 })
  status: string;

  @Column({ name: 'raised_at', type: 'timestamptz' })
  raisedAt: Date;

  @Column({ type: 'jsonb' })
  notes: WarningNote[];

  @Column({ name: 'discovery_id', type: 'uuid', nullable: true })
  discoveryId: string | null;

  @VersionColumn({ type: 'int' })
  version: number;
}
