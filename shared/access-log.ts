/**
 * A person's own view of who read or changed their data (`myAccessLog`, X-Road/Estonia Data Tracker
 * style). Federation cannot merge one list root field from five subgraphs, and a subgraph never
 * calls another to answer a read, so each partner ships the entries of its own audit log that name
 * a person to civil affairs in the background, and civil affairs answers from its own log and that
 * mirror. The partner's `audit_log` stays the authority and is itself the outbox: a one-row cursor
 * (`access_log_shipped`) says how far it has been shipped. Civil affairs keeps each entry once under
 * (department, seq), so a batch sent again after a failure never doubles.
 *
 * What is shipped is what a citizen may see: never the actor (staff names stay in the department's
 * log); a service's own automated reads and writes carry the role `SERVICE`.
 */
import type { DataSource, MigrationInterface, QueryRunner } from 'typeorm';
import type { AuditKind } from './audit';
import type { ServiceCredential } from './auth';
import { Department } from './departments';
import { logDetail } from './errors';
import { log } from './logging';
import { callSubgraph } from './subgraph-client';

/** the role a citizen sees for a service acting on its own (its credential's user is `service:…`) */
export const SERVICE_ROLE = 'SERVICE';

/** The role as a citizen sees it, in SQL over an `audit_log` row `alias`: staff names never leave. */
export function citizenRoleSql(alias: string): string {
  return `CASE WHEN ${alias}.actor LIKE 'service:%' THEN '${SERVICE_ROLE}' ELSE ${alias}.role END`;
}

/** the most entries one `recordAccessLog` call carries */
export const ACCESS_LOG_BATCH = 500;

/** an operation is the client's operation name for a read: shipped cut to this length */
export const OPERATION_MAX = 200;

/** One audit entry as a partner ships it to civil affairs (JSON). */
export interface ShippedAccessEntry {
  /** the entry's number in the shipping department's log (bigint, as text) */
  seq: string;
  /** ISO date-time, stamped by the shipping department's database */
  at: string;
  /** the caller's department */
  department: string;
  /** the caller's role, or SERVICE */
  role: string;
  operation: string;
  kind: AuditKind;
  subjectIdNumber: string;
  fields: string[];
}

export class AccessLogShipped1764000000960 implements MigrationInterface {
  name = 'AccessLogShipped1764000000960';

  async up(q: QueryRunner): Promise<void> {
    // one row: the last audit_log seq civil affairs has confirmed
    await q.query(`
      CREATE TABLE access_log_shipped (
        id         boolean PRIMARY KEY DEFAULT true CHECK (id),
        last_seq   bigint NOT NULL,
        shipped_at timestamptz
      )`);
    await q.query(`INSERT INTO access_log_shipped (id, last_seq) VALUES (true, 0)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE access_log_shipped`);
  }
}

export const RECORD_ACCESS_LOG = `mutation RecordAccessLog($department: Department!, $entries: [JSONObject!]!) {
  recordAccessLog(department: $department, entries: $entries)
}`;

export interface ShipResult {
  /** entries sent to civil affairs */
  sent: number;
  /** of those, entries civil affairs did not hold yet */
  stored: number;
}

/**
 * Ships a partner's audit entries that name a person to civil affairs, in order, 500 at a time,
 * with the department's service credential; the cursor moves only after civil affairs confirms.
 * Rows become visible in `seq` order (the chain's advisory lock is held until commit), so the
 * cursor never passes a row still to come.
 */
export class AccessLogShipper {
  private running: Promise<ShipResult> | undefined;

  constructor(
    private readonly db: DataSource,
    private readonly department: Department,
    private readonly registryUrl: string,
    private readonly timeoutMs: number,
    private readonly credential: ServiceCredential,
  ) {}

  /**
   * Ships everything not shipped yet, now (after a pass already running, so nothing logged before
   * the call is left behind); one pass at a time. Throws when civil affairs cannot take it.
   */
  ship(): Promise<ShipResult> {
    const run = (): Promise<ShipResult> => {
      if (this.running) return this.running.then(run, run);
      this.running = this.pass().finally(() => (this.running = undefined));
      return this.running;
    };
    return run();
  }

  private async pass(): Promise<ShipResult> {
    const total: ShipResult = { sent: 0, stored: 0 };
    for (;;) {
      const entries = await this.unshipped(ACCESS_LOG_BATCH);
      if (!entries.length) return total;
      const { recordAccessLog } = await callSubgraph<{ recordAccessLog: number }>(
        Department.CIVIL_AFFAIRS,
        this.registryUrl,
        this.timeoutMs,
        RECORD_ACCESS_LOG,
        { department: this.department, entries },
        await this.credential.authorization(),
      );
      await this.db.query(
        `/* accessLogShipped (lastSeq) */ UPDATE access_log_shipped
         SET last_seq = greatest(last_seq, $1::bigint), shipped_at = now()`,
        [entries[entries.length - 1].seq],
      );
      total.sent += entries.length;
      total.stored += recordAccessLog;
      if (entries.length < ACCESS_LOG_BATCH) return total;
    }
  }

  private async unshipped(limit: number): Promise<ShippedAccessEntry[]> {
    const rows: Array<Omit<ShippedAccessEntry, 'at'> & { at: Date }> = await this.db.query(
      `/* unshippedAccessLog (limit) */
       SELECT a.seq::text AS seq, a.at, a.department, ${citizenRoleSql('a')} AS role,
              left(a.operation, ${OPERATION_MAX}) AS operation, a.kind,
              a.subject_id_number AS "subjectIdNumber", a.fields
       FROM audit_log a, access_log_shipped s
       WHERE a.seq > s.last_seq AND a.subject_id_number IS NOT NULL
       ORDER BY a.seq LIMIT $1`,
      [limit],
    );
    return rows.map((r) => ({ ...r, at: new Date(r.at).toISOString() }));
  }

  /**
   * Ships every `intervalMs`; while civil affairs cannot take them, waits longer each time (up to a
   * minute) and says so once, then once again when shipping resumes. Returns how to stop.
   */
  start(intervalMs: number): () => Promise<void> {
    let failures = 0;
    let notBefore = 0;
    const tick = () => {
      if (this.running || Date.now() < notBefore) return;
      this.ship().then(
        () => {
          if (failures) log.info('access log: shipping to civil affairs resumed', { after: failures });
          failures = 0;
          notBefore = 0;
        },
        (e) => {
          if (!failures)
            log.warn('access log: civil affairs cannot take entries; retrying with back-off', {
              error: logDetail(e),
            });
          failures++;
          notBefore = Date.now() + Math.min(intervalMs * 2 ** failures, 60_000);
        },
      );
    };
    const timer = setInterval(tick, intervalMs);
    timer.unref();
    return async () => {
      clearInterval(timer);
      await this.running?.catch(() => {});
    };
  }
}
