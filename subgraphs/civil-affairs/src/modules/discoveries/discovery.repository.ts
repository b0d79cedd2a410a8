import { updateReturning } from '../../../../../shared/database';
import { DataSource, EntityManager, In } from 'typeorm';
import type { Page } from '../../../../../shared/paging';
import { regionCodeMatch } from '../registry/region.repository';
import { CoordinatorEntity } from './coordinator.entity';
import { DiscoveryEntity } from './discovery.entity';

export interface NewDiscovery {
  id: string;
  subjectId: string | null;
  personName?: string | null;
  personIdNumber?: string | null;
  townshipCode: string;
  method: string;
  category: string;
  suspectedAssistance: string[];
  householdSituation: string | null;
  note: string | null;
  foundBy: string;
  foundByDepartment: string;
  sourceKey: string | null;
}

export interface VillageCoordinators {
  code: string;
  name: string;
  coordinators: number;
}

/** Leads (主动发现) with their investigation and outcome, and the villages' coordinators. */
export class DiscoveryRepository {
  constructor(private readonly db: DataSource) {}

  /* discoveriesByIds (ids) */
  byIds(ids: readonly string[]): Promise<DiscoveryEntity[]> {
    return this.db.getRepository(DiscoveryEntity).findBy({ id: In([...ids]) });
  }

  /* discoveryById (id) */
  byId(id: string): Promise<DiscoveryEntity | null> {
    return this.db.getRepository(DiscoveryEntity).findOneBy({ id });
  }

  /* discoveryBySourceKey (sourceKey) */
  bySourceKey(sourceKey: string): Promise<DiscoveryEntity | null> {
    return this.db.getRepository(DiscoveryEntity).findOneBy({ sourceKey });
  }

  /* savedDiscovery (id or sourceKey) */
  saved(key: { id: string } | { sourceKey: string }): Promise<DiscoveryEntity> {
    return this.db.getRepository(DiscoveryEntity).findOneByOrFail(key);
  }

  /** Writes a lead (inside the caller's transaction when given one); a known source key writes nothing. */
  async insert(d: NewDiscovery, runner: EntityManager = this.db.manager): Promise<void> {
    await runner.query(
      `/* insertDiscovery (discovery) */
       INSERT INTO discoveries (id, subject_id, township_code, method, category, suspected_assistance, household_situation,
         note, found_by, found_by_department, source_key, person_name, person_id_number)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
       ON CONFLICT (source_key) DO NOTHING`,
      [
        d.id,
        d.subjectId,
        d.townshipCode,
        d.method,
        d.category,
        d.suspectedAssistance,
        d.householdSituation,
        d.note,
        d.foundBy,
        d.foundByDepartment,
        d.sourceKey,
        d.personName ?? null,
        d.personIdNumber ?? null,
      ],
    );
  }

  /** Links the leads filed about a person before they were registered, by ID number; their ids. */
  async linkRegistered(tx: EntityManager, subjectId: string, idNumber: string): Promise<string[]> {
    const rows: Array<{ id: string }> = await tx.query(
      `/* linkRegisteredDiscoveries (subjectId, idNumber) */
       UPDATE discoveries SET subject_id = $1, version = version + 1
       WHERE subject_id IS NULL AND person_id_number = $2 RETURNING id`,
      [subjectId, idNumber],
    );
    return rows.map((r) => r.id);
  }

  /**
   * A page of the leads under the region, newest first (then by id): those about people registered
   * under it, and those about people not registered yet found in one of its townships.
   */
  inRegion(
    regionCode: string,
    status: string | null,
    page: Page,
    decision: string | null = null,
  ): Promise<DiscoveryEntity[]> {
    const q = this.inRegionQuery(regionCode)
      .comment('discoveriesInRegion (regionCode, status?, decision?, page)')
      .orderBy('d.found_at', 'DESC')
      .addOrderBy('d.id', 'DESC')
      .limit(page.limit);
    if (status) q.andWhere('d.status = :status', { status });
    if (decision) q.andWhere('d.decision = :decision', { decision });
    if (page.afterId)
      q.andWhere('(d.found_at, d.id) < (SELECT found_at, id FROM discoveries WHERE id = :afterId)', {
        afterId: page.afterId,
      });
    return q.getMany();
  }

  /**
   * the leads under a region: of people registered under it, or (not registered yet) found in it —
   * the region stored on the lead, kept by triggers (migration 1764000001750), through its indexes
   */
  private inRegionQuery(regionCode: string) {
    const region = regionCodeMatch(
      { code: 'd.region_code', county: 'd.region_county_code', township: 'd.region_township_code' },
      regionCode,
    );
    return this.db
      .getRepository(DiscoveryEntity)
      .createQueryBuilder('d')
      .where(region.sql, { region: region.value });
  }

  /** 观察名单: a page of the leads closed as not eligible under the region, by review date (then by id). */
  notEligible(regionCode: string, page: Page): Promise<DiscoveryEntity[]> {
    const q = this.inRegionQuery(regionCode)
      .andWhere(`d.status = 'CLOSED' AND d.decision = 'NOT_ELIGIBLE'`)
      .comment('observationList (regionCode, page)')
      .orderBy('d.review_on', 'ASC')
      .addOrderBy('d.id', 'ASC')
      .limit(page.limit);
    if (page.afterId)
      q.andWhere('(d.review_on, d.id) > (SELECT review_on, id FROM discoveries WHERE id = :afterId)', {
        afterId: page.afterId,
      });
    return q.getMany();
  }

  /** Writes the changes if the lead is still at `version` (optimistic); says whether it was. */
  async update(
    id: string,
    version: number,
    changes: Record<string, unknown>,
    runner: EntityManager | DataSource = this.db,
  ): Promise<boolean> {
    const columns = Object.keys(changes);
    const sets = columns.map((c, i) => `${c} = $${i + 3}`).join(', ');
    const done = await updateReturning(
      runner,
      `/* updateDiscovery (id, version, changes) */
       UPDATE discoveries SET ${sets}, version = version + 1 WHERE id = $1 AND version = $2 RETURNING id`,
      [id, version, ...columns.map((c) => changes[c])],
    );
    return done.length > 0;
  }

  async insertCoordinator(c: { id: string; villageCode: string; name: string; phone: string | null }) {
    await this.db.query(
      `/* insertCoordinator (coordinator) */
       INSERT INTO coordinators (id, village_code, name, phone) VALUES ($1, $2, $3, $4)`,
      [c.id, c.villageCode, c.name, c.phone],
    );
    return this.db.getRepository(CoordinatorEntity).findOneByOrFail({ id: c.id });
  }

  /** Every village under the region with how many coordinators it has. */
  async coordinatorsPerVillage(regionCode: string): Promise<VillageCoordinators[]> {
    const rows: Array<{ code: string; name: string; count: string }> = await this.db.query(
      `/* coordinatorsPerVillage (regionCode) */
       SELECT r.code, r.name, count(c.id) AS count FROM regions r LEFT JOIN coordinators c ON c.village_code = r.code
       WHERE r.level = 'VILLAGE' AND r.code LIKE $1 GROUP BY r.code, r.name ORDER BY r.code`,
      [`${regionCode}%`],
    );
    return rows.map((r) => ({ code: r.code, name: r.name, coordinators: Number(r.count) }));
  }
}
