import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { Identity } from '../../../../../shared/auth';
import { parseIsoDateTime } from '../../../../../shared/dates';
import { ConflictError, InvalidInputError } from '../../../../../shared/errors';
import { addDuration } from '../../../../../shared/policy/durations';
import type { StandingService } from '../standing/standing.service';
import type { EventService } from '../events/event.service';
import type { PolicyService } from '../policy/policy.service';
import type { SubjectAccess } from '../registry/subject-access';
import type { UrgentCaseEntity } from './urgent-case.entity';
import type { UrgentCaseRepository, UrgentCaseRow } from './urgent-case.repository';

import type { PolicyPack } from '../policy/pack.schema';
import type { SubjectEntity } from '../registry/subject.entity';

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
    // the visit deadline is the region's (瑞安 24 h); a region without a pack has none to give
    if (!pack)
      throw new ConflictError(
        `no policy pack covers region ${subject.registeredRegionCode}; assign one first`,
      );
    const id = randomUUID();
    await this.openWithStanding(subject, {
      id,
      subjectId: subject.id,
      kind: input.kind,
      occurredAt,
      description: input.description?.trim() || null,
      visitDeadline: addDuration(occurredAt, pack.urgentCases.visitWithin),
      reportedBy: identity.user,
    });
    return this.urgentCases.byId(id);
  }

  /**
   * A partner's fact that is a major event (瑞救办〔2021〕5号 三(一) 罹患重病等重大变故): health's push of a
   * new serious illness opens an urgent case as of when it was heard, so the high-risk rule (低保/低边
   * with a recent major event: a visit within the pack's limit, then weekly) holds without anyone
   * typing it in. Once per push key; nothing where no pack covers the region. Says whether it opened one.
   */
  async fromPartner(
    subject: SubjectEntity,
    fact: { kind: string; description: string; sourceKey: string | null },
    identity: Identity,
    now = new Date(),
  ): Promise<boolean> {
    const pack = (await this.policy.snapshot()).packFor(subject.registeredRegionCode)?.pack;
    if (!pack) return false;
    return this.openWithStanding(subject, {
      id: randomUUID(),
      subjectId: subject.id,
      kind: fact.kind,
      occurredAt: now,
      description: fact.description,
      visitDeadline: addDuration(now, pack.urgentCases.visitWithin),
      reportedBy: identity.user,
      sourceKey: fact.sourceKey,
    });
  }

  /** Opens the case and recomputes the subject's standing in one transaction. */
  private async openWithStanding(subject: SubjectEntity, urgentCase: UrgentCaseRow): Promise<boolean> {
    const policy = await this.policy.snapshot();
    const opened = await this.db.transaction(async (tx) => {
      if (!(await this.urgentCases.insert(tx, urgentCase))) return false;
      // a recent major event moves the tier, and the case's visit deadline the next due visit
      await this.standing.recompute([subject.id], { tx, policy });
      // last: the event log's order lock is then held only until this commit
      await this.appendEvent(tx, urgentCase, subject.registeredRegionCode);
      return true;
    });
    if (opened) this.events.committed();
    return opened;
  }

  /**
   * Writes a case inside the caller's transaction (a visit's urgent finding); says whether it was new.
   * The caller announces it with `appendEvent` as its transaction's last write (the event log's order).
   */
  open(tx: EntityManager, urgentCase: UrgentCaseRow): Promise<boolean> {
    return this.urgentCases.insert(tx, urgentCase);
  }

  /**
   * The case's event. Appending takes the event log's order lock until commit, so it comes after every
   * other write of the transaction: a writer holding that lock while it waits on a row lock of another
   * appender's would deadlock with it.
   */
  appendEvent(tx: EntityManager, urgentCase: UrgentCaseRow, regionCode: string): Promise<void> {
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

  /**
   * Whom to call first (瑞救办〔2021〕5号 四(四): 公安110、卫生健康120): the numbers of the region's pack for
   * the kind (`urgentCases.emergencyByKind`), or all its emergency numbers.
   */
  emergencyReminder(kind: string, pack: PolicyPack | undefined): string | null {
    if (!pack) return null;
    const numbers = pack.urgentCases.emergencyByKind[kind] ?? pack.urgentCases.emergencyNumbers;
    return `危及生命请立即拨打 ${numbers.join(' / ')}`;
  }
}
