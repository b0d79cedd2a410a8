import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { Identity } from '../../../../../shared/auth';
import { parseIsoDateTime } from '../../../../../shared/dates';
import { InvalidInputError } from '../../../../../shared/errors';
import { addDuration } from '../../../../../shared/policy/durations';
import type { StandingService } from '../standing/standing.service';
import type { EventService } from '../events/event.service';
import type { PolicyService } from '../policy/policy.service';
import type { SubjectAccess } from '../registry/subject-access';
import type { UrgentCaseEntity } from './urgent-case.entity';
import type { UrgentCaseRepository, UrgentCaseRow } from './urgent-case.repository';

/** Life-threatening emergencies go straight to 110 / 119 / 120 (瑞救办〔2021〕5号 四(四)). */
const EMERGENCY: Record<string, string> = {
  FIRE: '火情危及生命请立即拨打 119',
  TRAFFIC_ACCIDENT: '有人受伤请立即拨打 120，并报 110',
  SUDDEN_ILLNESS: '危及生命请立即拨打 120',
  DISASTER: '危及生命请立即拨打 110 / 119',
};
const DEFAULT_VISIT_WITHIN = 'PT24H';

export interface UrgentCaseInputData {
  idNumber: string;
  kind: string;
  occurredAt: string;
  description?: string | null;
}

/**
 * 急难: reported directly or from a visit's urgent finding. The visit deadline comes from the region's
 * pack (24 h in Rui'an); the case and its event are written in one transaction, so every dashboard
 * that subscribes hears of it.
 */
export class UrgentCaseService {
  constructor(
    private readonly db: DataSource,
    private readonly urgentCases: UrgentCaseRepository,
    private readonly access: SubjectAccess,
    private readonly policy: PolicyService,
    private readonly events: EventService,
    private readonly standing: StandingService,
  ) {}

  async report(input: UrgentCaseInputData, identity: Identity): Promise<UrgentCaseEntity> {
    const occurredAt = parseIsoDateTime(input.occurredAt, 'occurredAt');
    if (occurredAt.getTime() > Date.now() + 5 * 60_000)
      throw new InvalidInputError('occurredAt', 'is in the future', 'DATE_ORDER');
    const subject = await this.access.find(input.idNumber, identity);
    const pack = (await this.policy.snapshot()).packFor(subject.registeredRegionCode)?.pack;
    const urgentCase = {
      id: randomUUID(),
      subjectId: subject.id,
      kind: input.kind,
      occurredAt,
      description: input.description?.trim() || null,
      visitDeadline: addDuration(occurredAt, pack?.urgentCases.visitWithin ?? DEFAULT_VISIT_WITHIN),
      reportedBy: identity.user,
    };
    const policy = await this.policy.snapshot();
    await this.db.transaction(async (tx) => {
      await this.urgentCases.insert(tx, urgentCase);
      // a recent major event moves the tier, and the case's visit deadline the next due visit
      await this.standing.recompute([subject.id], { tx, policy });
      // last: the event log's order lock is then held only until this commit
      await this.appendEvent(tx, urgentCase, subject.registeredRegionCode);
    });
    this.events.committed();
    return this.urgentCases.byId(urgentCase.id);
  }

  /** Writes a case and its event inside the caller's transaction (a report, or a visit's urgent finding). */
  async open(tx: EntityManager, urgentCase: UrgentCaseRow, regionCode: string): Promise<void> {
    await this.urgentCases.insert(tx, urgentCase);
    await this.appendEvent(tx, urgentCase, regionCode);
  }

  private appendEvent(tx: EntityManager, urgentCase: UrgentCaseRow, regionCode: string): Promise<void> {
    return this.events.append(tx, {
      kind: 'URGENT_CASE',
      entityId: urgentCase.id,
      regionCode,
      department: null,
    });
  }

  /** A visit answers every urgent case of its subject that happened before it ended. */
  answeredBy(tx: EntityManager, visitId: string, subjectId: string, endedAt: Date): Promise<void> {
    return this.urgentCases.answer(tx, visitId, subjectId, endedAt);
  }

  emergencyReminder(kind: string): string | null {
    return EMERGENCY[kind] ?? null;
  }
}
