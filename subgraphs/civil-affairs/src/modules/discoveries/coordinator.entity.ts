import { Column, Entity, PrimaryColumn } from 'typeorm';

/** 协理员 / 社区救助顾问 of a village or community. */
@Entity({ name: 'coordinators' })
export class CoordinatorEntity {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Column({ name: 'village_code', type: 'varchar', length: 12 })
  villageCode: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text', nullable: true })
  phone: string | null;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
