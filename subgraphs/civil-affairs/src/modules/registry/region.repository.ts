import { Any, DataSource } from 'typeorm';
import { RegionEntity } from './region.entity';

/** A table's region code and the ancestor codes stored beside it (generated `left(code, 6 | 9)`). */
export interface RegionColumns {
  code: string;
  county: string;
  township: string;
}

/**
 * How a region code selects rows by a stored region: a county or township by its stored ancestor
 * code (equality, then the list's order in the index), a village exactly, a province or city by
 * prefix (a pattern-ops range). `:region` is the parameter, `value` its value.
 */
export function regionCodeMatch(
  columns: RegionColumns,
  regionPrefix: string,
): { sql: string; value: string } {
  switch (regionPrefix.length) {
    case 6:
      return { sql: `${columns.county} = :region`, value: regionPrefix };
    case 9:
      return { sql: `${columns.township} = :region`, value: regionPrefix };
    case 12:
      return { sql: `${columns.code} = :region`, value: regionPrefix };
    default:
      return { sql: `${columns.code} LIKE :region`, value: `${regionPrefix}%` };
  }
}

/** The national division table (loaded by the division-codes migration, read only). */
export class RegionRepository {
  constructor(private readonly db: DataSource) {}

  /* regionsByCodes (codes) */
  byCodes(codes: readonly string[]): Promise<RegionEntity[]> {
    return this.db.getRepository(RegionEntity).findBy({ code: Any([...codes]) });
  }
}
