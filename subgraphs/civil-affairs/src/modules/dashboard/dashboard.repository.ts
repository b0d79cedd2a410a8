import type { DataSource } from 'typeorm';
import { visitRegionMatch } from '../standing/standing.repository';

export interface OpenWork {
  openUrgentCases: number;
  pendingReferrals: number;
  activeWarnings: number;
}

/** a count under one key: a tier, a village's code, a department */
export interface KeyCount {
  key: string;
  count: number;
}

export interface CareCounts {
  byTier: KeyCount[];
  byVillage: KeyCount[];
}

/** Counts over other modules' tables for a region's dashboard, in one statement. */
export class DashboardRepository {
  constructor(private readonly db: DataSource) {}

  async openWork(regionCode: string): Promise<OpenWork> {
    const [row]: Array<{ open_urgent: number; pending_referrals: number; active_warnings: number }> =
      await this.db.query(
        `/* openWork (regionCode) */
         SELECT
           (SELECT count(*)::int FROM urgent_cases u JOIN subjects s ON s.id = u.subject_id
              WHERE u.visit_id IS NULL AND s.registered_region_code LIKE $1) AS open_urgent,
           (SELECT count(*)::int FROM referrals r JOIN subjects s ON s.id = r.subject_id
              WHERE r.status = 'PENDING' AND s.registered_region_code LIKE $1) AS pending_referrals,
           (SELECT count(*)::int FROM early_warnings w WHERE w.status = 'ACTIVE' AND w.village_code LIKE $1) AS active_warnings`,
        [`${regionCode}%`],
      );
    return {
      openUrgentCases: row.open_urgent,
      pendingReferrals: row.pending_referrals,
      activeWarnings: row.active_warnings,
    };
  }

  /**
   * The people the region visits (a stored standing with a next visit due), by tier and by village,
   * in one pass over the standings (GROUPING SETS). A county or township is an equality on its stored
   * ancestor code (indexed), as the due lists select it. The village is the one visits are organised
   * from; a duty delegated to the residence's township (人户分离) counts under the residence village.
   */
  async careCounts(regionPrefix: string): Promise<CareCounts> {
    const region = visitRegionMatch(regionPrefix);
    const rows: Array<{ tier: string | null; village: string | null; count: number; by_tier: number }> =
      await this.db.query(
        `/* careCounts (regionPrefix) */
         SELECT tier, village, count(*)::int AS count, GROUPING(tier) = 0 AS by_tier
         FROM (
           SELECT tier,
             CASE WHEN length(visit_region_code) < 12 AND left(residence_region_code, length(visit_region_code)) = visit_region_code
               THEN residence_region_code ELSE visit_region_code END AS village
           FROM subject_standing
           WHERE ${region.sql.replace(':region', '$1')} AND due_at IS NOT NULL
         ) care
         GROUP BY GROUPING SETS ((tier), (village))
         ORDER BY count DESC, tier, village`,
        [region.value],
      );
    return {
      byTier: rows.filter((r) => r.by_tier && r.tier).map((r) => ({ key: r.tier!, count: r.count })),
      byVillage: rows.filter((r) => !r.by_tier).map((r) => ({ key: r.village!, count: r.count })),
    };
  }

  /** Referrals still PENDING about people registered in the region, per receiving department. */
  async pendingReferralsByDepartment(regionCode: string): Promise<KeyCount[]> {
    return this.db.query(
      `/* pendingReferralsByDepartment (regionCode) */
       SELECT r.to_department AS key, count(*)::int AS count
       FROM referrals r JOIN subjects s ON s.id = r.subject_id
       WHERE r.status = 'PENDING' AND s.registered_region_code LIKE $1
       GROUP BY r.to_department`,
      [`${regionCode}%`],
    );
  }
}
