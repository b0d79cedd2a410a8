import { Any, DataSource } from 'typeorm';
import { RegionEntity } from './region.entity';

/** The national division table (loaded by the division-codes migration, read only). */
export class RegionRepository {
  constructor(private readonly db: DataSource) {}

  /* regionsByCodes (codes) */
  byCodes(codes: readonly string[]): Promise<RegionEntity[]> {
    return this.db.getRepository(RegionEntity).findBy({ code: Any([...codes]) });
  }
}
