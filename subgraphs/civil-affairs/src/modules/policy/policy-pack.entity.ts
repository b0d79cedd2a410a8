import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { PolicyPack } from './pack.schema';

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
