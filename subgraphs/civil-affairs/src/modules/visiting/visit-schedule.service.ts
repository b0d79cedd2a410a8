import { Identity, Role, authorize } from '../../../../../shared/auth';
import { parseIsoDate } from '../../../../../shared/dates';
import { Department } from '../../../../../shared/departments';
import { ConflictError, InvalidInputError } from '../../../../../shared/errors';
import { RegionLevel } from '../../../../../shared/regions';
import { exitedAt, subjectFacts } from '../eligibility/facts';
import type { TierResult, TierService } from '../eligibility/tier.service';
import { DueDecision, nextDue } from '../policy/engine';
import type { PolicyService } from '../policy/policy.service';
import type { RegionService } from '../registry/region.service';
import type { SubjectAccess } from '../registry/subject-access';
import type { SubjectEntity } from '../registry/subject.entity';
import type { VisitEntity } from './visit.entity';
import type { VisitRepository } from './visit.repository';

const STAFF = { departments: [Department.CIVIL_AFFAIRS], roles: [Role.STAFF, Role.ADMIN] };

export interface DueVisit {
  subject: SubjectEntity;
  tier: TierResult | null;
  due: DueDecision;
  lastVisitAt: Date | null;
}

/** The visiting duty of a region: who is due when, who visits whom (人户分离), what changed and by when to report it. */
export class VisitScheduleService {
  constructor(
    private readonly visits: VisitRepository,
    private readonly access: SubjectAccess,
    private readonly regions: RegionService,
    private readonly tiers: TierService,
    private readonly policy: PolicyService,
  ) {}

  /**
   * Every subject the region is responsible for, with the next due visit, as of `asOf`: one query
   * per table and one call per partner department for the whole region.
   */
  async dueList(
    regionCode: string,
    identity: Identity,
    authorization: string,
    asOf: Date,
  ): Promise<DueVisit[]> {
    await this.regions.requireAll({ regionCode }, []);
    authorize(
      identity,
      { departments: [Department.CIVIL_AFFAIRS], regionCode },
      'reading the visiting schedule',
    );
    const subjects = await this.visits.subjectsVisitedBy(regionCode);
    if (!subjects.length) return [];
    const snapshot = await this.policy.snapshot();
    const [tiers, last] = await Promise.all([
      this.tiers.decide(subjects, authorization, snapshot, asOf),
      this.visits.lastVisitEnds(subjects.map((s) => s.id)),
    ]);
    return subjects.map((subject) => {
      const tier = tiers.get(subject.id) ?? null;
      const lastVisitAt = last.get(subject.id) ?? null;
      if (!tier)
        return {
          subject,
          tier,
          lastVisitAt,
          due: { dueAt: null, reason: '所在地区未配置政策包', source: '' },
        };
      const open = tier.record.urgentCases
        .filter((u) => !lastVisitAt || lastVisitAt < u.occurredAt)
        .map((u) => u.visitDeadline);
      const due = nextDue(
        tier.pack,
        tier.decision.tier,
        {
          registeredAt: subject.createdAt,
          lastVisitAt,
          openUrgentDeadlines: open,
          exitedAt: exitedAt(tier.record.assistance),
        },
        subjectFacts(tier.record, tier.pack.urgentCases.recentWindow, asOf),
        asOf,
      );
      return { subject, tier, lastVisitAt, due };
    });
  }

  /** Who should have been visited before `asOf` (a China-time day; default now) and was not, oldest first. */
  async overdue(regionCode: string, asOf: string | null, identity: Identity, authorization: string) {
    const cut = asOf ? new Date(endOfChinaDay(asOf, 'asOf').getTime() - 86_400_000 + 1) : new Date();
    return dueFirst(await this.dueList(regionCode, identity, authorization, cut), (due) => due < cut);
  }

  /** A visitor's upcoming work: visits due up to the end of `until` (a China-time day), overdue ones first. */
  async dueUntil(regionCode: string, until: string, identity: Identity, authorization: string) {
    const end = endOfChinaDay(until, 'until');
    return dueFirst(await this.dueList(regionCode, identity, authorization, new Date()), (due) => due <= end);
  }

  /** Visits whose findings showed a change, with the report and plan deadlines still ahead or missed. */
  async changeDeadlines(regionCode: string, identity: Identity): Promise<VisitEntity[]> {
    await this.regions.requireAll({ regionCode }, []);
    authorize(identity, { departments: [Department.CIVIL_AFFAIRS], regionCode }, 'reading change deadlines');
    return this.visits.withChangeDeadlines(regionCode.slice(0, 9));
  }

  /** 人户分离: hands the visiting duty to another township (normally the residence's). */
  async delegate(rawIdNumber: string, townshipCode: string, reason: string, identity: Identity) {
    await this.regions.requireAll({ townshipCode }, [RegionLevel.TOWNSHIP]);
    const subject = await this.access.find(rawIdNumber, identity, 'registered');
    authorize(identity, STAFF, 'delegating visits');
    const found = (await this.policy.snapshot()).packFor(subject.registeredRegionCode);
    if (!found?.pack.visits.delegationToResidence.allowed) {
      throw new ConflictError(
        `${found?.pack.name ?? 'no policy pack'} keeps the visiting duty with the township of registration (${found?.pack.visits.delegationToResidence.source ?? ''})`,
      );
    }
    if (!reason.trim()) throw new InvalidInputError('reason', 'say why the duty moves', 'REQUIRED');
    await this.visits.delegate(subject.id, townshipCode, reason.trim(), identity.user);
    return subject;
  }
}

/** The visits due within `keep`, earliest first. */
function dueFirst(list: DueVisit[], keep: (due: Date) => boolean): DueVisit[] {
  return list
    .filter((d) => d.due.dueAt && keep(d.due.dueAt))
    .sort((a, b) => a.due.dueAt!.getTime() - b.due.dueAt!.getTime());
}

/** The end of a China-time calendar day, for "as of" dates. */
function endOfChinaDay(date: string, field: string): Date {
  const day = parseIsoDate(date, field);
  return new Date(new Date(`${day}T00:00:00+08:00`).getTime() + 86_400_000 - 1);
}
