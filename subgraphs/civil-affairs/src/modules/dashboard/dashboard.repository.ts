import type { DataSource } from 'typeorm';

export interface OpenWork {
  openUrgentCases: number;
  pendingReferrals: number;
  activeWarnings: number;
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
}
