import { Identity } from '../../../../../shared/auth';
import { parseIsoDate } from '../../../../../shared/dates';
import { ConflictError, InvalidInputError } from '../../../../../shared/errors';
import { decodeCursor, encodeCursor, pageSize } from '../../../../../shared/paging';
import { RegionLevel } from '../../../../../shared/regions';
import type { DueDecision } from '../policy/engine';
import type { RegionService } from '../registry/region.service';
import type { SubjectAccess } from '../registry/subject-access';
import type { SubjectEntity } from '../registry/subject.entity';
import type { SubjectRepository } from '../registry/subject.repository';
import type { StandingService } from '../standing/standing.service';
import type { VisitRepository } from './visit.repository';

export interface DueVisit {
  subject: SubjectEntity;
  tier: string | null;
  due: DueDecision;
  lastVisitAt: Date | null;
}

/** a due list's cursor: the due date and subject of the last item seen */
const DUE_CURSOR = 'DueVisit';

export function dueCursor(d: { dueAt: Date; subjectId: string }): string {
  return encodeCursor(DUE_CURSOR, d.dueAt.toISOString(), d.subjectId);
}

function duePaging(first: number | null | undefined, after: string | null | undefined) {
  const limit = pageSize(first);
  const key = decodeCursor(after, DUE_CURSOR, ['instant', 'id']);
  return { limit, after: key ? { dueAt: new Date(key[0]), subjectId: key[1] } : null };
}

/** The visiting duty of a region: who is due when, who visits whom (人户分离). */
export class VisitScheduleService {
  constructor(
    private readonly visits: VisitRepository,
    private readonly subjects: SubjectRepository,
    private readonly access: SubjectAccess,
    private readonly regions: RegionService,
    private readonly standing: StandingService,
  ) {}

  /**
   * The region's visits due before `before`, earliest first, from the stored standings (an indexed
   * range on the visiting region and the due date; no tier is computed here).
   */
  private async dueBefore(
    regionCode: string,
    before: Date,
    page: ReturnType<typeof duePaging>,
  ): Promise<DueVisit[]> {
    await this.regions.requireAll({ regionCode }, []);
    const standings = await this.standing.duePage({ regionPrefix: regionCode, dueBefore: before, ...page });
    const subjects = new Map(
      (await this.subjects.byIds(standings.map((s) => s.subjectId))).map((s) => [s.id, s]),
    );
    return standings
      .filter((s) => subjects.has(s.subjectId))
      .map((s) => ({
        subject: subjects.get(s.subjectId)!,
        tier: s.tier,
        due: { dueAt: s.dueAt, reason: s.dueReason, source: s.dueSource },
        lastVisitAt: s.lastVisitAt,
      }));
  }

  /**
   * Who should have been visited before `asOf` (a China-time day; default now) and was not, oldest
   * first, `first` after the cursor `after`.
   */
  async overdue(regionCode: string, asOf: string | null, first?: number | null, after?: string | null) {
    const page = duePaging(first, after);
    const cut = asOf != null ? new Date(endOfChinaDay(asOf, 'asOf').getTime() - 86_400_000 + 1) : new Date();
    return this.dueBefore(regionCode, cut, page);
  }

  /** A visitor's upcoming work: visits due up to the end of `until` (a China-time day), overdue ones first, paged. */
  async dueUntil(regionCode: string, until: string, first?: number | null, after?: string | null) {
    const page = duePaging(first, after);
    const end = endOfChinaDay(until, 'until');
    return this.dueBefore(regionCode, new Date(end.getTime() + 1), page);
  }

  /** How many of the region's visits are overdue now (dashboards). */
  async overdueCount(regionCode: string): Promise<number> {
    return this.standing.countDueBefore(regionCode, new Date());
  }

  /** 人户分离: hands the visiting duty to another township (normally the residence's). */
  async delegate(rawIdNumber: string, townshipCode: string, reason: string, identity: Identity) {
    await this.regions.requireAll({ townshipCode }, [RegionLevel.TOWNSHIP]);
    const subject = await this.access.find(rawIdNumber, identity, 'registered');
    const found = (await this.standing.policySnapshot()).packFor(subject.registeredRegionCode);
    if (!found?.pack.visits.delegationToResidence.allowed) {
      throw new ConflictError(
        `${found?.pack.name ?? 'no policy pack'} keeps the visiting duty with the township of registration (${found?.pack.visits.delegationToResidence.source ?? ''})`,
      );
    }
    if (!reason.trim()) throw new InvalidInputError('reason', 'say why the duty moves', 'REQUIRED');
    await this.visits.delegate(subject.id, townshipCode, reason.trim(), identity.user);
    await this.standing.recompute([subject.id]);
    return subject;
  }
}

/** The end of a China-time calendar day, for "as of" dates. */
function endOfChinaDay(date: string, field: string): Date {
  const day = parseIsoDate(date, field);
  return new Date(new Date(`${day}T00:00:00+08:00`).getTime() + 86_400_000 - 1);
}
