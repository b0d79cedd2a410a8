import { randomUUID } from 'node:crypto';
import { DataSource, FindOptionsWhere, Like } from 'typeorm';
import { Identity, authorize } from '../../../../shared/auth';
import { InvalidInputError } from '../../../../shared/errors';
import { regionLevel } from '../../../../shared/regions';
import type { RegistryClient } from '../../../../shared/registry-client';
import { CharityResourceEntity } from '../entities/charity-resource.entity';
import { ResourceKind } from '../types/enums';
import type { CharityResourceInput } from '../types/charity-resource.input';
import { SelectBy, selectByAny } from '../../../../shared/select-by';

const TAG = /^[A-Z_]{2,32}$/;
const MAX_NAME = 200;
const MAX_TAGS = 20;

export class CharityResourceService {
  private readonly resources: SelectBy<CharityResourceEntity>;

  constructor(
    private readonly db: DataSource,
    private readonly registry: RegistryClient,
  ) {
    this.resources = selectByAny(db, CharityResourceEntity, 'id');
  }

  byIds(ids: readonly string[]): Promise<CharityResourceEntity[]> {
    return this.resources(ids);
  }

  /** Resources in `regionCode` or under it (all without it), optionally of one kind. */
  list(regionCode?: string | null, kind?: ResourceKind | null): Promise<CharityResourceEntity[]> {
    const where: FindOptionsWhere<CharityResourceEntity> = {};
    if (regionCode != null) {
      requireRegionFormat(regionCode);
      where.regionCode = Like(`${regionCode}%`);
    }
    if (kind != null) {
      requireKind(kind);
      where.kind = kind;
    }
    return this.db
      .getRepository(CharityResourceEntity)
      .find({ where, order: { regionCode: 'ASC', name: 'ASC', id: 'ASC' } });
  }

  /**
   * Matching to needs: resources that serve the place (their region contains it), share at least
   * one tag with the needs and still have capacity, most tags in common first.
   */
  async suggest(
    regionCode: string,
    needs: string[],
  ): Promise<Array<{ resource: CharityResourceEntity; matchingTags: string[]; remaining: number }>> {
    requireRegionFormat(regionCode);
    if (!needs.length)
      throw new InvalidInputError('needs', 'name at least one need, e.g. MEDICAL', 'REQUIRED');
    const rows: Array<{ id: string; used: number }> = await this.db.query(
      `SELECT r.id, count(m.id)::int AS used
       FROM charity_resources r
       LEFT JOIN charity_matches m ON m.resource_id = r.id AND m.status <> 'CLOSED'
       WHERE $1 LIKE r.region_code || '%' AND r.tags && $2::text[]
       GROUP BY r.id`,
      [regionCode, needs],
    );
    const resources = new Map((await this.byIds(rows.map((r) => r.id))).map((r) => [r.id, r]));
    return rows
      .map((row) => {
        const resource = resources.get(row.id)!;
        return {
          resource,
          matchingTags: resource.tags.filter((t) => needs.includes(t)),
          remaining: resource.capacity - row.used,
        };
      })
      .filter((s) => s.remaining > 0)
      .sort(
        (a, b) =>
          b.matchingTags.length - a.matchingTags.length ||
          b.remaining - a.remaining ||
          a.resource.name.localeCompare(b.resource.name),
      );
  }

  /** Adds a resource to the library: charity staff, inside their region, for a known region code. */
  async add(input: CharityResourceInput, identity: Identity): Promise<CharityResourceEntity> {
    const name = (input.name ?? '').trim();
    if (!name) throw new InvalidInputError('name', 'must not be empty', 'REQUIRED');
    if (name.length > MAX_NAME)
      throw new InvalidInputError('name', `must be at most ${MAX_NAME} characters`, 'LENGTH');
    requireKind(input.kind);
    requireRegionFormat(input.regionCode);
    if (!Number.isInteger(input.capacity) || input.capacity < 0) {
      throw new InvalidInputError('capacity', 'must be a whole number, zero or more', 'RANGE');
    }
    const tags = input.tags ?? [];
    if (tags.length > MAX_TAGS) throw new InvalidInputError('tags', `at most ${MAX_TAGS} tags`, 'LENGTH');
    tags.forEach((tag, i) => {
      if (!TAG.test(tag)) {
        throw new InvalidInputError(
          `tags[${i}]`,
          `"${tag}" is not an upper-case word (A-Z and _, 2 to 32)`,
          'FORMAT',
        );
      }
    });
    if (new Set(tags).size !== tags.length)
      throw new InvalidInputError('tags', 'lists a tag twice', 'DUPLICATE');
    authorize(identity, { regionCode: input.regionCode }, 'adding a charity resource');
    await this.registry.requireRegion(input.regionCode, 'regionCode');

    const id = randomUUID();
    await this.db.query(
      `INSERT INTO charity_resources (id, name, kind, region_code, capacity, tags) VALUES ($1, $2, $3, $4, $5, $6)`,
      [id, name, input.kind, input.regionCode, input.capacity, tags],
    );
    return this.db.getRepository(CharityResourceEntity).findOneByOrFail({ id });
  }
}

function requireRegionFormat(code: string): void {
  if (regionLevel(code) === undefined) {
    throw new InvalidInputError('regionCode', 'must be a 2, 4, 6, 9 or 12-digit division code', 'FORMAT');
  }
}

function requireKind(kind: ResourceKind): void {
  if (!Object.values(ResourceKind).includes(kind)) {
    throw new InvalidInputError('kind', `unknown resource kind ${kind}`, 'ENUM');
  }
}
