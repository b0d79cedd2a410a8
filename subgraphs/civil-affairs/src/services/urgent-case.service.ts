import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Identity, Role, authorize } from '../../../../shared/auth';
import { parseIsoDateTime } from '../../../../shared/dates';
import { ForbiddenError, InvalidInputError, NotFoundError } from '../../../../shared/errors';
import { parseIdNumber } from '../../../../shared/id-number';
import { addDuration } from '../../../../shared/policy/durations';
import { UrgentCaseEntity } from '../entities/urgent-case.entity';
import type { PolicyService } from './policy.service';
import type { EventSignal } from './event-signal';
import { appendEvent } from './referral.service';
import { SubjectService, isVisibleTo } from './subject.service';

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
    private readonly subjects: SubjectService,
    private readonly policy: PolicyService,
    readonly signal: EventSignal,
  ) {}

  async report(input: UrgentCaseInputData, identity: Identity) {
    const { idNumber } = parseIdNumber(input.idNumber, 'idNumber');
    authorize(
      identity,
      { roles: [Role.ADMIN, Role.STAFF, Role.WINDOW, Role.VISITOR] },
      'reporting an urgent case',
    );
    const occurredAt = parseIsoDateTime(input.occurredAt, 'occurredAt');
    if (occurredAt.getTime() > Date.now() + 5 * 60_000)
      throw new InvalidInputError('occurredAt', 'is in the future', 'DATE_ORDER');
    const [subject] = await this.subjects.byIdNumbers([idNumber]);
    if (!subject) throw new NotFoundError('subject with ID number', idNumber, 'idNumber');
    if (!isVisibleTo(subject, identity))
      throw new ForbiddenError(`this subject is outside your region ${identity.region}`);
    const pack = (await this.policy.snapshot()).packFor(subject.registeredRegionCode)?.pack;
    const id = randomUUID();
    await this.db.transaction(async (tx) => {
      await tx.query(
        `INSERT INTO urgent_cases (id, subject_id, kind, occurred_at, description, visit_deadline, reported_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [
          id,
          subject.id,
          input.kind,
          occurredAt,
          input.description?.trim() || null,
          addDuration(occurredAt, pack?.urgentCases.visitWithin ?? DEFAULT_VISIT_WITHIN),
          identity.user,
        ],
      );
      await appendEvent(tx, 'URGENT_CASE', id, subject.registeredRegionCode, null);
    });
    this.signal.wake();
    return this.db.getRepository(UrgentCaseEntity).findOneByOrFail({ id });
  }

  emergencyReminder(kind: string): string | null {
    return EMERGENCY[kind] ?? null;
  }

  /** The event log, after a cursor, for the gateways that push events to subscribers. */
  /** With `waitMs`, waits (up to 25 s) for the next event when there is none yet: a long poll. */
  async events(after: string | null, limit: number, identity: Identity, waitMs = 0) {
    authorize(identity, { roles: [Role.ADMIN] }, 'reading the event log');
    if (identity.region)
      throw new ForbiddenError('the event log is read by the gateways with a whole-country token');
    if (after !== null && !/^\d{1,19}$/.test(after))
      throw new InvalidInputError('after', 'is not a cursor', 'FORMAT');
    let rows = await this.page(after, limit);
    if (!rows.length && waitMs > 0) {
      await this.signal.wait(Math.min(waitMs, 25_000));
      if (this.signal.closed) return rows;
      rows = await this.page(after, limit);
    }
    return rows;
  }

  private async page(after: string | null, limit: number) {
    const rows: Array<{
      cursor: string;
      kind: string;
      entity_id: string;
      region_code: string;
      department: string | null;
    }> = await this.db.query(
      `SELECT cursor::text AS cursor, kind, entity_id, region_code, department FROM events WHERE cursor > $1 ORDER BY cursor LIMIT $2`,
      [after ?? '0', Math.min(Math.max(limit, 1), 1000)],
    );
    return rows.map((r) => ({
      cursor: r.cursor,
      kind: r.kind,
      entityId: r.entity_id,
      regionCode: r.region_code,
      department: r.department,
    }));
  }

  /** Counters for a region's dashboard (overdue visits come from the visiting schedule). */
  async counters(regionCode: string, overdueVisits: number) {
    const prefix = `${regionCode}%`;
    const [row] = await this.db.query(
      `SELECT
         (SELECT count(*)::int FROM urgent_cases u JOIN subjects s ON s.id = u.subject_id
            WHERE u.visit_id IS NULL AND s.registered_region_code LIKE $1) AS open_urgent,
         (SELECT count(*)::int FROM referrals r JOIN subjects s ON s.id = r.subject_id
            WHERE r.status = 'PENDING' AND s.registered_region_code LIKE $1) AS pending_referrals,
         (SELECT count(*)::int FROM early_warnings w WHERE w.status = 'ACTIVE' AND w.village_code LIKE $1) AS active_warnings`,
      [prefix],
    );
    return {
      regionCode,
      openUrgentCases: row.open_urgent,
      overdueVisits,
      pendingReferrals: row.pending_referrals,
      activeWarnings: row.active_warnings,
      at: new Date().toISOString(),
    };
  }

  async lastCursor(): Promise<string> {
    const [row] = await this.db.query(`SELECT COALESCE(MAX(cursor), 0)::text AS cursor FROM events`);
    return row.cursor;
  }
}
