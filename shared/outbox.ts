/**
 * The outbox: a write that must reach another department is first stored in the writer's own
 * database, in the same transaction as the write, then delivered by a background loop with retry
 * and back-off until the receiver confirms. The receiver de-duplicates by the message id, so each
 * message takes effect exactly once however often it is retried.
 */
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager, MigrationInterface, QueryRunner } from 'typeorm';
import { logDetail } from './errors';
import { log } from './logging';

export class Outbox1764000000910 implements MigrationInterface {
  name = 'Outbox1764000000910';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE outbox (
        id              uuid PRIMARY KEY,
        kind            varchar(40) NOT NULL,
        payload         jsonb NOT NULL,
        created_at      timestamptz NOT NULL DEFAULT now(),
        attempts        int NOT NULL DEFAULT 0,
        next_attempt_at timestamptz NOT NULL DEFAULT now(),
        delivered_at    timestamptz,
        last_error      text
      )`);
    await q.query(`CREATE INDEX outbox_pending ON outbox (next_attempt_at) WHERE delivered_at IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE outbox`);
  }
}

export interface OutboxMessage {
  id: string;
  kind: string;
  payload: any;
  attempts: number;
}

/** What the outbox still holds, per kind: for the metrics, one statement. */
export async function outboxBacklog(
  db: DataSource,
): Promise<Array<{ kind: string; count: number; oldestSeconds: number }>> {
  const rows: Array<{ kind: string; count: number; oldest_seconds: number }> = await db.query(
    `/* outboxBacklog () */ SELECT kind, count(*)::int AS count,
       extract(epoch FROM now() - min(created_at))::float8 AS oldest_seconds
     FROM outbox WHERE delivered_at IS NULL GROUP BY kind`,
  );
  return rows.map((r) => ({ kind: r.kind, count: r.count, oldestSeconds: r.oldest_seconds }));
}

export type Deliver = (message: OutboxMessage) => Promise<void>;
/**
 * Delivers several messages of one kind in one call. It throws when the receiver could not be asked
 * (every message then waits for its retry); otherwise it gives each message's refusal, or undefined
 * when the receiver took it, so that one refused message never holds back the others.
 */
export type DeliverMany = (messages: OutboxMessage[]) => Promise<Array<Error | undefined>>;

/** how many messages one pass takes (in created order) */
const PASS = 50;

export class Outbox {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;

  constructor(
    private readonly db: DataSource,
    private readonly deliver: Deliver,
    /** kinds the receiver takes in batches (e.g. partner facts): one call for what a pass has due */
    private readonly deliverMany: Record<string, DeliverMany> = {},
  ) {}

  /** Stores a message inside the caller's transaction. */
  async add(tx: EntityManager, kind: string, payload: unknown): Promise<string> {
    const id = randomUUID();
    await tx.query(`INSERT INTO outbox (id, kind, payload) VALUES ($1, $2, $3)`, [
      id,
      kind,
      JSON.stringify(payload),
    ]);
    return id;
  }

  /**
   * Delivers what is due (of one kind, if given); returns how many were delivered. One pass at a
   * time: a pass already running is waited for, then a pass of its own is made, so that what was
   * committed before the call is in it (a running pass chose its messages earlier).
   */
  drain(kind?: string): Promise<number> {
    const run = (): Promise<number> => {
      if (this.running) return this.running.then(run, run);
      this.running = this.pass(kind ?? null).finally(() => (this.running = undefined));
      return this.running;
    };
    return run();
  }

  private async pass(kind: string | null): Promise<number> {
    const due: OutboxMessage[] = await this.db.query(
      `/* outboxDue (kind) */ SELECT id, kind, payload, attempts FROM outbox
       WHERE delivered_at IS NULL AND next_attempt_at <= now() AND ($1::text IS NULL OR kind = $1)
       ORDER BY created_at LIMIT $2`,
      [kind, PASS],
    );
    // each kind in created order; a kind the receiver takes in batches in one call
    const byKind = new Map<string, OutboxMessage[]>();
    for (const message of due) {
      if (!byKind.has(message.kind)) byKind.set(message.kind, []);
      byKind.get(message.kind)!.push(message);
    }
    let delivered = 0;
    for (const [each, messages] of byKind) {
      const many = this.deliverMany[each];
      if (!many) {
        for (const message of messages) {
          const error = await this.deliver(message).then(
            () => undefined,
            (e: unknown) => e,
          );
          if (!error) delivered += await this.delivered([message]);
          else await this.failed([message], error);
        }
        continue;
      }
      let outcomes: Array<Error | undefined>;
      try {
        outcomes = await many(messages);
      } catch (e) {
        // the receiver could not be asked: all of them wait for their retries, said once
        await this.failed(messages, e);
        continue;
      }
      delivered += await this.delivered(messages.filter((_, i) => !outcomes[i]));
      for (const [i, message] of messages.entries())
        if (outcomes[i]) await this.failed([message], outcomes[i]);
    }
    return delivered;
  }

  private async delivered(messages: OutboxMessage[]): Promise<number> {
    if (!messages.length) return 0;
    await this.db.query(
      `UPDATE outbox SET delivered_at = now(), attempts = attempts + 1, last_error = NULL WHERE id = ANY($1::uuid[])`,
      [messages.map((m) => m.id)],
    );
    return messages.length;
  }

  /** each message's next try after a back-off doubling with its attempts (1 s … 60 s) */
  private async failed(messages: OutboxMessage[], error: unknown): Promise<void> {
    await this.db.query(
      `UPDATE outbox SET attempts = attempts + 1, last_error = $2,
         next_attempt_at = now() + make_interval(secs => least(power(2, attempts), 60))
       WHERE id = ANY($1::uuid[])`,
      [messages.map((m) => m.id), logDetail(error).slice(0, 500)],
    );
    const [first] = messages;
    const backoff = Math.min(2 ** first.attempts, 60);
    log.warn(
      messages.length === 1
        ? `outbox: ${first.kind} ${first.id} not delivered (attempt ${first.attempts + 1}); retry in ${backoff} s`
        : `outbox: ${messages.length} ${first.kind} messages not delivered; each retried after its back-off (${backoff} s for the oldest)`,
      { error: logDetail(error) },
    );
  }

  /**
   * Delivers what is due of `kind` now, waiting at most `maxWaitMs`: a write that wants its message
   * to arrive at once (a partner's facts) asks for this after its commit; if the receiver is slow or
   * down the outbox delivers it later as usual. A pass takes at most 50: while passes come back
   * full, another is made (a request that wrote 120 records has them delivered in three calls).
   * Never throws.
   */
  async flush(kind: string | undefined, maxWaitMs = 300): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    let waited = false;
    const passes = async () => {
      // another pass while the last one came back full: more may be due
      while (!waited && (await this.drain(kind).catch(() => 0)) >= PASS) continue;
    };
    await Promise.race([passes(), new Promise((resolve) => (timer = setTimeout(resolve, maxWaitMs)))]);
    waited = true;
    clearTimeout(timer);
  }

  /** How many messages (of one kind, if given) still wait. */
  async pending(kind?: string): Promise<number> {
    const [{ count }] = await this.db.query(
      `/* outboxPending (kind) */ SELECT count(*)::int AS count FROM outbox
       WHERE delivered_at IS NULL AND ($1::text IS NULL OR kind = $1)`,
      [kind ?? null],
    );
    return count;
  }

  /**
   * Delivers in the background every `intervalMs`. The stopper ends the timer, then makes one last
   * pass of at most `lastPassMs`, so that a shutdown (SIGTERM) does not leave behind what the
   * requests it drained have just written; what is still undelivered waits for the next start.
   */
  start(intervalMs: number, lastPassMs = 2000): () => Promise<void> {
    // a tick while a pass runs is skipped, not queued behind it
    this.timer = setInterval(
      () =>
        void (this.running ?? this.drain()).catch((e) =>
          log.error('outbox pass failed', { error: String(e) }),
        ),
      intervalMs,
    );
    this.timer.unref();
    return async () => {
      clearInterval(this.timer);
      await this.running?.catch(() => {});
      await this.flush(undefined, lastPassMs);
    };
  }
}
