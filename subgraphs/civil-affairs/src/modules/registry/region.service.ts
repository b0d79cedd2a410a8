import { InvalidInputError } from '../../../../../shared/errors';
import { RegionLevel, regionLevel } from '../../../../../shared/regions';
import type { RegionEntity } from './region.entity';
import type { RegionRepository } from './region.repository';

export class RegionService {
  constructor(private readonly regions: RegionRepository) {}

  /** The known divisions among these codes; malformed codes are not looked up. */
  async byCodes(codes: readonly string[]): Promise<RegionEntity[]> {
    const wellFormed = codes.filter((c) => regionLevel(c) !== undefined);
    if (wellFormed.length === 0) return [];
    return this.regions.byCodes(wellFormed);
  }

  /**
   * Checks that every named code exists and sits at one of `levels` (any level when empty); throws naming the field.
   * One query for all of them.
   */
  async requireAll(
    fields: Record<string, string>,
    levels: RegionLevel[],
  ): Promise<Map<string, RegionEntity>> {
    const known = new Map((await this.byCodes(Object.values(fields))).map((r) => [r.code, r]));
    for (const [field, code] of Object.entries(fields)) {
      const region = known.get(code);
      // only a well-formed code is echoed back: anything else is the client's text, and may be anything
      if (!region && regionLevel(code) === undefined)
        throw new InvalidInputError(field, 'must be a 2, 4, 6, 9 or 12-digit division code', 'FORMAT');
      if (!region) throw new InvalidInputError(field, `unknown region code ${code}`, 'UNKNOWN_REGION');
      if (levels.length && !levels.includes(region.level as RegionLevel)) {
        throw new InvalidInputError(
          field,
          `${code} (${region.name}) is a ${region.level.toLowerCase()}; give a ${levels.join(' or ').toLowerCase()} code`,
          'REGION_LEVEL',
        );
      }
    }
    return known;
  }
}
