import { Column, Entity, PrimaryColumn, VersionColumn } from 'typeorm';
import { isoDate } from '../../../../../shared/transformers';

/** 主动发现线索: one lead, however it came in, with the township's investigation and the outcome. */
@Entity({ name: 'discoveries' })
export class DiscoveryEntity {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  /** null while the person is not registered (a street patrol's or hotline's lead) */
  @Column({ name: 'subject_id', type: 'uuid', nullable: true })
  subjectId: string | null;

  /** the name given when filed about a person not registered yet */
  @Column({ name: 'person_name', type: 'text', nullable: true })
  personName: string | null;

  /** the ID number given when filed, if known: the lead links itself when the person is registered */
  @Column({ name: 'person_id_number', type: 'varchar', length: 18, nullable: true })
  personIdNumber: string | null;

  /** what an INCLUDED decision granted: the subject's assistance statuses gained these */
  @Column({ type: 'jsonb' })
  granted: Array<{ category: string; status: string; since: string; until: string | null }>;

  /** or the referral an INCLUDED decision made (转介其他部门给予救助) */
  @Column({ name: 'referral_id', type: 'uuid', nullable: true })
  referralId: string | null;

  @Column({ name: 'township_code', type: 'varchar', length: 12 })
  townshipCode: string;

  @Column({ type: 'varchar', length: 12 })
  method: string;

  @Column({ type: 'varchar', length: 32 })
  category: string;

  @Column({ name: 'suspected_assistance', type: 'text', array: true })
  suspectedAssistance: string[];

  @Column({ name: 'household_situation', type: 'text', nullable: true })
  householdSituation: string | null;

  @Column({ type: 'text', nullable: true })
  note: string | null;

  @Column({ name: 'found_by', type: 'text' })
  foundBy: string;

  @Column({ name: 'found_by_department', type: 'varchar', length: 16 })
  foundByDepartment: string;

  @Column({ name: 'found_at', type: 'timestamptz' })
  foundAt: Date;

  @Column({ name: 'source_key', type: 'text', nullable: true })
  sourceKey: string | null;

  @Column({ type: 'varchar', length: 16 })
  status: string;

  @Column({ type: 'text', nullable: true })
  coordinator: string | null;

  @Column({ name: 'assigned_at', type: 'timestamptz', nullable: true })
  assignedAt: Date | null;

  @Column({ name: 'person_seen', type: 'boolean' })
  personSeen: boolean;

  @Column({ name: 'situation_clear', type: 'boolean' })
  situationClear: boolean;

  @Column({ type: 'text', nullable: true })
  proposal: string | null;

  @Column({ type: 'text', nullable: true })
  investigation: string | null;

  @Column({ name: 'investigated_at', type: 'timestamptz', nullable: true })
  investigatedAt: Date | null;

  @Column({ type: 'varchar', length: 16, nullable: true })
  decision: string | null;

  @Column({ type: 'text', nullable: true })
  reason: string | null;

  @Column({ name: 'included_on', type: 'date', nullable: true, transformer: isoDate })
  includedOn: string | null;

  @Column({ name: 'review_on', type: 'date', nullable: true, transformer: isoDate })
  reviewOn: string | null;

  @Column({ name: 'decided_at', type: 'timestamptz', nullable: true })
  decidedAt: Date | null;

  @Column({ name: 'decided_by', type: 'text', nullable: true })
  decidedBy: string | null;

  @VersionColumn({ type: 'int' })
  version: number;
}
