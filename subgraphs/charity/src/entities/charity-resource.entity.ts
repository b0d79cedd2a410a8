import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** 慈善资源库: an enterprise, organisation, volunteer team, project or foundation that can take cases. */
@Entity({ name: 'charity_resources' })
export class CharityResourceEntity {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'varchar', length: 24 })
  kind: string;

  @Column({ name: 'region_code', type: 'varchar', length: 12 })
  regionCode: string;

  /** how many open (not CLOSED) matches the resource takes at once */
  @Column({ type: 'int' })
  capacity: number;

  @Column({ type: 'text', array: true, default: () => `'{}'` })
  tags: string[];

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
