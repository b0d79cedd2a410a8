import { Client } from 'pg';
import { log } from '../../../../../shared/logging';

/** The channel every event of the log is announced on (NOTIFY in the writing transaction). */
export const EVENTS_CHANNEL = 'social_assistance_events';

/**
 * Wakes the gateways' long polls of the event log as soon as an event is committed: in-process
 * after this instance's own writes, and through PostgreSQL LISTEN/NOTIFY for writes by other
 * instances where the database is a real server (NOTIFY does not cross pglite-socket connections,
 * so the embedded database relies on the in-process wake-up and the poll's timeout).
 */
export class EventSignal {
  private readonly waiters = new Set<() => void>();
  private client: Client | undefined;
  /** set when the server stops: long polls then return at once, without touching the database */
  closed = false;

  wake(): void {
    for (const waiter of [...this.waiters]) waiter();
  }

  /** Resolves at the next event, or after `ms`. */
  wait(ms: number): Promise<void> {
    if (this.closed) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.waiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.waiters.add(done);
    });
  }

  async listen(url: string): Promise<void> {
    const client = new Client({ connectionString: url });
    client.on('notification', () => this.wake());
    client.on('error', (e) =>
      log.warn('event LISTEN connection lost; long polls fall back to their timeout', { error: e.message }),
    );
    await client.connect();
    await client.query(`LISTEN ${EVENTS_CHANNEL}`);
    this.client = client;
  }

  async close(): Promise<void> {
    this.closed = true;
    this.wake();
    await this.client?.end().catch(() => {});
    this.client = undefined;
  }
}
