/**
 * The outbox: a write that must reach another department is first stored in the writer's own
 * database, in the same transaction as the write, then delivered by a background loop with retry
 * and back-off until the receiver confirms. The receiver de-duplicates by the message id, so each
 * message takes effect exactly once however often it is retried.
 */
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager, MigrationInterface, QueryRunner } from 'typeorm';
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

export type Deliver = (message: OutboxMessage) => Promise<void>;

export class Outbox {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;

  constructor(
    private readonly db: DataSource,
    private readonly deliver: Deliver,
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

  /** Delivers what is due; returns how many were delivered. One pass at a time. */
  drain(): Promise<number> {
    this.running ??= this.pass().finally(() => (this.running = undefined));
    return this.running;
  }

  private async pass(): Promise<number> {
    const due: OutboxMessage[] = await this.db.query(
      `SELECT id, kind, payload, attempts FROM outbox
       WHERE delivered_at IS NULL AND next_attempt_at <= now() ORDER BY created_at LIMIT 50`,
    );
    let delivered = 0;
    for (const message of due) {
      try {
        await this.deliver(message);
        await this.db.query(
          `UPDATE outbox SET delivered_at = now(), attempts = attempts + 1, last_error = NULL WHERE id = $1`,
          [message.id],
        );
        delivered++;
      } catch (e) {
        const backoff = Math.min(2 ** message.attempts, 60);
        await this.db.query(
          `UPDATE outbox SET attempts = attempts + 1, last_error = $2, next_attempt_at = now() + make_interval(secs => $3) WHERE id = $1`,
          [message.id, (e as Error).message.slice(0, 500), backoff],
        );
        log.warn(
          `outbox: ${message.kind} ${message.id} not delivered (attempt ${message.attempts + 1}); retry in ${backoff} s`,
          {
            error: (e as Error).message,
          },
        );
      }
    }
    return delivered;
  }

  /** How many messages still wait. */
  async pending(): Promise<number> {
    const [{ count }] = await this.db.query(
      `SELECT count(*)::int AS count FROM outbox WHERE delivered_at IS NULL`,
    );
    return count;
  }

  start(intervalMs: number): () => Promise<void> {
    this.timer = setInterval(
      () => void this.drain().catch((e) => log.error('outbox pass failed', { error: String(e) })),
      intervalMs,
    );
    this.timer.unref();
    return async () => {
      clearInterval(this.timer);
      await this.running?.catch(() => {});
    };
  }
}
