import type { DataSource, EntityManager } from 'typeorm';
import { EVENTS_CHANNEL } from './event-signal';

/** What the log records: an urgent case, a referral or its transition, an ended visit, by region (and department, for referrals). */
export interface NewEvent {
  kind: 'URGENT_CASE' | 'REFERRAL' | 'REFERRAL_CHANGED' | 'VISIT';
  entityId: string;
  regionCode: string;
  department: string | null;
}

export interface LoggedEvent {
  cursor: string;
  kind: string;
  entityId: string;
  regionCode: string;
  department: string | null;
  at: string;
}

/** the advisory lock key that orders appends to the event log (any constant unique in this database) */
const EVENT_LOG_LOCK = 74_000_001;

/** The append-only event log that subscriptions replay; its cursor only grows. */
export class EventRepository {
  constructor(private readonly db: DataSource) {}

  /**
   * Writes an event inside the writer's transaction; the NOTIFY goes out when it commits.
   *
   * Readers page the log by `cursor > $after`, so cursors must become visible in order: two writers
   * that took cursors 7 and 8 must not commit 8 first, or a reader that saw 8 skips 7 for good (the
   * fault suite lost urgent cases so when PostgreSQL came back under a burst of writes). The
   * transaction-scoped advisory lock, taken before the cursor is drawn and held until commit or
   * rollback, makes appenders take cursors and commit one after another.
   */
  async append(tx: EntityManager, event: NewEvent): Promise<void> {
    await tx.query(`/* eventLogOrder () */ SELECT pg_advisory_xact_lock($1)`, [EVENT_LOG_LOCK]);
    await tx.query(`/* notifyEvent (kind) */ SELECT pg_notify('${EVENTS_CHANNEL}', $1)`, [event.kind]);
    await tx.query(
      `/* appendEvent (kind, entityId, regionCode, department) */
       INSERT INTO events (kind, entity_id, region_code, department) VALUES ($1, $2, $3, $4)`,
      [event.kind, event.entityId, event.regionCode, event.department],
    );
  }

  async after(cursor: string, limit: number): Promise<LoggedEvent[]> {
    const rows: Array<{
      cursor: string;
      kind: string;
      entity_id: string;
      region_code: string;
      department: string | null;
      created_at: Date;
    }> = await this.db.query(
      `/* eventsAfter (cursor, limit) */
       SELECT cursor::text AS cursor, kind, entity_id, region_code, department, created_at
       FROM events WHERE cursor > $1 ORDER BY cursor LIMIT $2`,
      [cursor, limit],
    );
    return rows.map((r) => ({
      cursor: r.cursor,
      kind: r.kind,
      entityId: r.entity_id,
      regionCode: r.region_code,
      department: r.department,
      at: new Date(r.created_at).toISOString(),
    }));
  }

  async lastCursor(): Promise<string> {
    const [row]: Array<{ cursor: string }> = await this.db.query(
      `/* lastEventCursor () */ SELECT COALESCE(MAX(cursor), 0)::text AS cursor FROM events`,
    );
    return row.cursor;
  }
}
