import { Column, Entity, PrimaryColumn } from 'typeorm';

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
