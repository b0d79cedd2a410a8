import type { PolicyService } from '../policy/policy.service';
import type { VisitScheduleService } from '../visiting/visit-schedule.service';
import type { DashboardRepository } from './dashboard.repository';

export interface Counters {
  regionCode: string;
  openUrgentCases: number;
  overdueVisits: number;
  pendingReferrals: number;
  activeWarnings: number;
  adminWarnings: string[];
  at: string;
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
}
