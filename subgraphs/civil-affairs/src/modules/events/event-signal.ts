import { Client } from 'pg';
import { logDetail } from '../../../../../shared/errors';
import { log } from '../../../../../shared/logging';

/** The channel every event of the log is announced on (NOTIFY in the writing transaction). */
export const EVENTS_CHANNEL = 'social_assistance_events';

/**
 * Wakes the gateways' long polls of the event log as soon as an event is committed: in-process
 * after this instance's own writes, and through PostgreSQL LISTEN/NOTIFY for writes by other
 * instances where the database is a real server (NOTIFY does not cross embedded PGlite connections,
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

  /** Listens on `url`; a connection lost later (the server restarted) is made again by itself. */
  async listen(url: string): Promise<void> {
    const client = new Client({ connectionString: url });
    client.on('notification', () => this.wake());
    const lost = (e?: Error) => {
      if (this.closed || this.client !== client) return;
      this.client = undefined;
      client.end().catch(() => {});
      log.warn('event LISTEN connection lost; long polls fall back to their timeout until it is back', {
        error: e ? logDetail(e) : 'ended',
      });
      void this.relisten(url);
    };
    client.on('error', lost);
    client.on('end', () => lost());
    try {
      await client.connect();
      await client.query(`LISTEN ${EVENTS_CHANNEL}`);
    } catch (e) {
      await client.end().catch(() => {});
      throw e;
    }
    this.client = client;
  }

  private async relisten(url: string): Promise<void> {
    for (let delay = 500; !this.closed; delay = Math.min(delay * 2, 10_000)) {
      await new Promise((resolve) => setTimeout(resolve, delay));
      if (this.closed) return;
      try {
        await this.listen(url);
        log.info('event LISTEN connection back');
        // what was written while it was away: the long polls read it now
        this.wake();
        return;
      } catch {
        // still away; the next try is later
      }
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    this.wake();
    await this.client?.end().catch(() => {});
    this.client = undefined;
  }
}
