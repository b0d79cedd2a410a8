import { DataSource, EntityManager } from 'typeorm';
import { CalendarDayEntity } from './calendar-day.entity';
import type { PolicyPack } from './pack.schema';
import { PolicyPackEntity } from './policy-pack.entity';
import { RegionPackEntity } from './region-pack.entity';

/** Published pack versions, their assignment to regions, and the working-day calendar. */
export class PolicyRepository {
  constructor(private readonly db: DataSource) {}

  /** Stores a shipped version unless the database has it; says whether it did. */
  async insertShipped(pack: PolicyPack): Promise<boolean> {
    const inserted: Array<{ key: string }> = await this.db.query(
      `/* insertShippedPack (key, version, document) */
       INSERT INTO policy_packs (key, version, document, published_by) VALUES ($1, $2, $3, 'shipped')
       ON CONFLICT (key, version) DO NOTHING RETURNING key`,
      [pack.key, pack.version, pack],
    );
    return inserted.length > 0;
  }

  /* regionPacks () */
  assignments(): Promise<RegionPackEntity[]> {
    return this.db.getRepository(RegionPackEntity).find();
  }

  /** The latest version of every pack. */
  latestPacks(): Promise<Array<{ key: string; version: number; document: PolicyPack }>> {
    return this.db.query(
      `/* latestPacks () */
       SELECT DISTINCT ON (key) key, version, document FROM policy_packs ORDER BY key, version DESC`,
    );
  }

  /* calendarDays () */
  calendarDays(): Promise<CalendarDayEntity[]> {
    return this.db.getRepository(CalendarDayEntity).find();
  }

  /* policyPacks (), newest first per key */
  packs(): Promise<PolicyPackEntity[]> {
    return this.db.getRepository(PolicyPackEntity).find({ order: { key: 'ASC', version: 'DESC' } });
  }

  /* policyPack (key, version?), the latest unless a version is given */
  pack(key: string, version?: number | null): Promise<PolicyPackEntity | null> {
    return this.db
      .getRepository(PolicyPackEntity)
      .findOne({ where: version ? { key, version } : { key }, order: { version: 'DESC' } });
  }

  async nextVersion(tx: EntityManager, key: string): Promise<number> {
    const [{ next }]: Array<{ next: number | string }> = await tx.query(
      `/* nextPackVersion (key) */ SELECT COALESCE(MAX(version), 0) + 1 AS next FROM policy_packs WHERE key = $1`,
      [key],
    );
    return Number(next);
  }

  async insertPack(tx: EntityManager, pack: PolicyPack, publishedBy: string): Promise<PolicyPackEntity> {
    await tx.query(
      `/* insertPack (key, version, document, publishedBy) */
       INSERT INTO policy_packs (key, version, document, published_by) VALUES ($1, $2, $3, $4)`,
      [pack.key, pack.version, pack, publishedBy],
    );
    return tx.getRepository(PolicyPackEntity).findOneByOrFail({ key: pack.key, version: pack.version });
  }

  async assign(regionCode: string, packKey: string, assignedBy: string): Promise<RegionPackEntity> {
    await this.db.query(
      `/* assignPack (regionCode, packKey, assignedBy) */
       INSERT INTO region_packs (region_code, pack_key, assigned_by) VALUES ($1, $2, $3)
       ON CONFLICT (region_code) DO UPDATE SET pack_key = EXCLUDED.pack_key, assigned_at = now(), assigned_by = EXCLUDED.assigned_by`,
      [regionCode, packKey, assignedBy],
    );
    return this.db.getRepository(RegionPackEntity).findOneByOrFail({ regionCode });
  }

  async setCalendarDay(day: string, working: boolean, note: string): Promise<CalendarDayEntity> {
    await this.db.query(
      `/* setCalendarDay (day, working, note) */
       INSERT INTO calendar_days (day, working, note) VALUES ($1, $2, $3)
       ON CONFLICT (day) DO UPDATE SET working = EXCLUDED.working, note = EXCLUDED.note`,
      [day, working, note],
    );
    return this.db.getRepository(CalendarDayEntity).findOneByOrFail({ day });
  }
}
