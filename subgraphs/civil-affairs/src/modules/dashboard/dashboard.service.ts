import type { PolicyService } from '../policy/policy.service';
import { Department } from '../../../../../shared/departments';
import { TIERS } from '../policy/pack.schema';
import type { VisitScheduleService } from '../visiting/visit-schedule.service';
import type { DashboardRepository, KeyCount } from './dashboard.repository';

export interface Counters {
  regionCode: string;
  openUrgentCases: number;
  overdueVisits: number;
  pendingReferrals: number;
  activeWarnings: number;
  adminWarnings: string[];
  at: string;
}

export interface UnderCare {
  /** everyone the region visits */
  total: number;
  /** every tier, the empty ones as 0, highest first */
  byTier: Array<{ tier: (typeof TIERS)[number]; count: number }>;
  /** the villages with anyone under care, most first */
  byVillage: Array<{ regionCode: string; count: number }>;
}

/** Every key, in the given order, with its count or 0. */
function everyKey<K extends string>(keys: readonly K[], counts: KeyCount[]): Array<[K, number]> {
  const found = new Map(counts.map((c) => [c.key, c.count]));
  return keys.map((key) => [key, found.get(key) ?? 0]);
}

/** A region's counters for leaders' dashboards: open work, and visits overdue by the visiting schedule. */
export class DashboardService {
  constructor(
    private readonly dashboard: DashboardRepository,
    private readonly schedule: VisitScheduleService,
    private readonly policy: PolicyService,
  ) {}

  /** Who may read them is the visiting schedule's rule (civil affairs, inside the region). */
  async counters(regionCode: string): Promise<Counters> {
    const overdueVisits = await this.schedule.overdueCount(regionCode);
    const open = await this.dashboard.openWork(regionCode);
    return {
      regionCode,
      openUrgentCases: open.openUrgentCases,
      overdueVisits,
      pendingReferrals: open.pendingReferrals,
      activeWarnings: open.activeWarnings,
      adminWarnings: await this.policy.warnings(),
      at: new Date().toISOString(),
    };
  }

  /** The people under visiting care (a next visit due) in the region, by tier and by village. */
  async underCare(regionCode: string): Promise<UnderCare> {
    const counts = await this.dashboard.careCounts(regionCode);
    const byTier = everyKey(TIERS, counts.byTier).map(([tier, count]) => ({ tier, count }));
    return {
      total: byTier.reduce((sum, t) => sum + t.count, 0),
      byTier,
      byVillage: counts.byVillage.map((v) => ({ regionCode: v.key, count: v.count })),
    };
  }

  /** The referral backlog: referrals about the region's people still PENDING, for every department. */
  async pendingReferralsByDepartment(
    regionCode: string,
  ): Promise<Array<{ department: Department; count: number }>> {
    const counts = await this.dashboard.pendingReferralsByDepartment(regionCode);
    return everyKey(Object.values(Department), counts).map(([department, count]) => ({ department, count }));
  }
}
