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

/** how many divisions a process keeps once read (a few MB; the table has ~105,000) */
const KNOWN_REGIONS = 20_000;

/**
 * The national division table (loaded by the division-codes migration, read only). A division once
 * read is kept: the table does not change while the service runs, and nearly every registration,
 * lookup and list names a few of the same townships and villages. An unknown code is asked again.
 */
export class RegionRepository {
  private readonly known = new Map<string, RegionEntity>();

  constructor(private readonly db: DataSource) {}

  /* regionsByCodes (codes) */
  async byCodes(codes: readonly string[]): Promise<RegionEntity[]> {
    const wanted = [...new Set(codes)];
    const found = new Map<string, RegionEntity>();
    for (const code of wanted) {
      const region = this.known.get(code);
      if (region) found.set(code, region);
    }
    const missing = wanted.filter((code) => !found.has(code));
    if (missing.length) {
      for (const region of await this.db.getRepository(RegionEntity).findBy({ code: Any(missing) })) {
        found.set(region.code, region);
        // the oldest read goes first (a Map iterates in insertion order)
        if (this.known.size >= KNOWN_REGIONS) this.known.delete(this.known.keys().next().value!);
        this.known.set(region.code, region);
      }
    }
    return wanted.flatMap((code) => found.get(code) ?? []);
  }
}
