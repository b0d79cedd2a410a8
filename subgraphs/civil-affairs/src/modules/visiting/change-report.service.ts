import type { DataSource } from 'typeorm';
import { Identity } from '../../../../../shared/auth';
import {
  ConflictError,
  ForbiddenError,
  InvalidInputError,
  NotFoundError,
} from '../../../../../shared/errors';
import { chinaDate } from '../../../../../shared/policy/durations';
import { RegionLevel, regionLevel } from '../../../../../shared/regions';
import { ChangeState, changeDeadlines, changeState } from '../policy/engine';
import type { PolicyService } from '../policy/policy.service';
import type { RegionService } from '../registry/region.service';
import type { SubjectAccess } from '../registry/subject-access';
import type { StandingService } from '../standing/standing.service';
import type { VisitEntity } from './visit.entity';
import type { VisitRepository } from './visit.repository';

/** The county's initial assistance plan: measures, or "cancel assistance: not eligible". */
export interface AssistancePlanInputData {
  measures?: string[] | null;
  notEligible?: boolean | null;
}

/** Where a visit's change report stands on a day (China time). */
export function changeStateOf(
  visit: Pick<VisitEntity, 'changeReportDue' | 'changeReportedAt' | 'assistancePlanDue' | 'planRecordedAt'>,
  today: string,
): ChangeState | null {
  if (!visit.changeReportDue) return null;
  return changeState(
    {
      reportDue: visit.changeReportDue,
      reportedOn: visit.changeReportedAt ? chinaDate(visit.changeReportedAt) : null,
      planDue: visit.assistancePlanDue,
      planOn: visit.planRecordedAt ? chinaDate(visit.planRecordedAt) : null,
    },
    today,
  );
}

/**
 * Fuzhou 2018 五(三), closed: a change found on a visit is reported by the township within the
 * pack's working days; the county's initial assistance plan (measures, or cancelling assistance that
 * is no longer due) follows within the pack's working days of the report. Open reports stay on the
 * township's list, overdue or not, until the plan is in.
 */
export class ChangeReportService {
  constructor(
    private readonly db: DataSource,
    private readonly visits: VisitRepository,
    private readonly access: SubjectAccess,
    private readonly regions: RegionService,
    private readonly policy: PolicyService,
    private readonly standing: StandingService,
  ) {}

  /** The township marks the change reported to the county; the plan's deadline counts from today. */
  async report(id: string, note: string | null, identity: Identity, now = new Date()): Promise<VisitEntity> {
    const visit = await this.withChange(id, identity);
    if (visit.changeReportedAt)
      throw new ConflictError(`the change found on visit ${id} was already reported`);
    const snapshot = await this.policy.snapshot();
    const pack = snapshot.packFor(visit.townshipCode)?.pack;
    const plan = pack
      ? changeDeadlines(pack, chinaDate(visit.endedAt!), chinaDate(now), snapshot.calendar).plan
      : null;
    const reported = await this.visits.markChangeReported(id, visit.version, {
      by: identity.user,
      note: note?.trim() || null,
      planDue: plan?.due ?? visit.assistancePlanDue,
      deadlineCertain: plan?.certain ?? visit.deadlineCertain,
    });
    if (!reported) throw new ConflictError(`visit ${id} was changed meanwhile; read it again`);
    return this.visits.saved(id);
  }

  /**
   * The county records its initial plan: the measures, or `notEligible` — assistance is cancelled,
   * which ends the subject's active statuses (and so starts any exit revisits the pack sets).
   */
  async plan(id: string, input: AssistancePlanInputData, identity: Identity, now = new Date()) {
    // the plan is the county's (县级民政部门): a township's or village's user does not record it
    const level = identity.region ? regionLevel(identity.region) : RegionLevel.PROVINCE;
    if (level === RegionLevel.TOWNSHIP || level === RegionLevel.VILLAGE)
      throw new ForbiddenError(
        "the initial assistance plan is the county's civil affairs bureau's to record",
      );
    const measures = (input.measures ?? []).map((m) => m.trim()).filter(Boolean);
    const notEligible = input.notEligible === true;
    if (notEligible === measures.length > 0)
      throw new InvalidInputError(
        'input',
        'give the measures, or notEligible: true to cancel assistance (not both)',
        'ONE_OF',
      );
    const visit = await this.withChange(id, identity);
    if (!visit.changeReportedAt)
      throw new ConflictError(`the change found on visit ${id} has not been reported yet (reportChange)`);
    if (visit.planRecordedAt) throw new ConflictError(`visit ${id} already has its assistance plan`);
    const policy = await this.policy.snapshot();
    await this.db.transaction(async (tx) => {
      const recorded = await this.visits.recordPlan(tx, id, visit.version, {
        measures,
        endsAssistance: notEligible,
        recordedBy: identity.user,
      });
      if (!recorded) throw new ConflictError(`visit ${id} was changed meanwhile; read it again`);
      if (notEligible) {
        await this.visits.endActiveAssistance(tx, visit.subjectId, chinaDate(now));
        await this.standing.recompute([visit.subjectId], { tx, policy });
      }
    });
    return this.visits.saved(id);
  }

  /** The region's change reports still open (or all, `includeDone`), earliest report deadline first. */
  async list(regionCode: string, includeDone: boolean): Promise<VisitEntity[]> {
    await this.regions.requireAll({ regionCode }, []);
    return this.visits.withChangeDeadlines(regionCode.slice(0, 9), includeDone);
  }

  private async withChange(id: string, identity: Identity): Promise<VisitEntity> {
    const visit = await this.visits.byId(id);
    if (!visit) throw new NotFoundError('visit', id, 'id');
    await this.access.requireRecordVisible(visit.subjectId, identity, { entity: 'visit', id });
    if (!visit.changeReportDue)
      throw new ConflictError(
        `visit ${id} found no change with a reporting deadline (its pack sets none, or none was found)`,
      );
    return visit;
  }
}
