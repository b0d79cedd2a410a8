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

/** The append-only event log that subscriptions replay; its cursor only grows. */
export class EventRepository {
  constructor(private readonly db: DataSource) {}

  /** Writes an event inside the writer's transaction; the NOTIFY goes out when it commits. */
  async append(tx: EntityManager, event: NewEvent): Promise<void> {
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
