import { Column, Entity, PrimaryColumn } from 'typeorm';
import { isoDate } from '../../../../shared/transformers';
import type { PolicyPack } from '../policy/pack.schema';

/** A published version of a policy pack; published versions are never changed. */
@Entity({ name: 'policy_packs' })
export class PolicyPackEntity {
  @PrimaryColumn({ type: 'varchar', length: 40 })
  key: string;

  @PrimaryColumn({ type: 'int' })
  version: number;

  @Column({ type: 'jsonb' })
  document: PolicyPack;

  @Column({ name: 'published_at', type: 'timestamptz' })
  publishedAt: Date;

  @Column({ name: 'published_by', type: 'text' })
  publishedBy: string;
}

/** Which pack a region runs; regions without a row inherit their parent's. */
@Entity({ name: 'region_packs' })
export class RegionPackEntity {
  @PrimaryColumn({ name: 'region_code', type: 'varchar', length: 12 })
  regionCode: string;

  @Column({ name: 'pack_key', type: 'varchar', length: 40 })
  packKey: string;

  @Column({ name: 'assigned_at', type: 'timestamptz' })
  assignedAt: Date;

  @Column({ name: 'assigned_by', type: 'text' })
  assignedBy: string;
}

/** Exceptions to the Monday-Friday week: public holidays and the weekend days worked instead. */
@Entity({ name: 'calendar_days' })
export class CalendarDayEntity {
  @PrimaryColumn({ type: 'date', transformer: isoDate })
  day: string;

  @Column({ type: 'boolean' })
  working: boolean;

  @Column({ type: 'text' })
  note: string;
}
