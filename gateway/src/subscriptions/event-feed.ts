/**
 * Each gateway instance tails civil affairs' event log by cursor (no extra server, no shared state
 * between instances): every event is seen by every instance, in order, and a subscriber that comes
 * back with the last cursor it saw gets everything after it from the same log.
 */
import type { ServiceCredential } from '../../../shared/auth';
import { Department } from '../../../shared/departments';
import { logDetail } from '../../../shared/errors';
import { log } from '../../../shared/logging';
import { callSubgraph } from '../../../shared/subgraph-client';

export interface LogEvent {
  cursor: string;
  kind: 'URGENT_CASE' | 'REFERRAL' | 'REFERRAL_CHANGED' | 'VISIT';
  entityId: string;
  regionCode: string;
  department: string | null;
  /** when civil affairs wrote it (ISO 8601) */
  at: string;
}

/** How long one long poll of the log waits for the next event before asking again. */
const LONG_POLL_MS = 20_000;

/** civil affairs usually comes up within this of the gateway (npm start); only a longer wait is news */
const SLOW_START_MS = 10_000;

export class EventFeed {
  private cursor: string | undefined;
  private readonly listeners = new Set<(event: LogEvent) => void>();
  private running = false;
  private readonly stopping = new AbortController();
  /** waiting for the first answer, answering, or lost after it answered: each change is logged once */
  private state: 'starting' | 'slow' | 'up' | 'lost' = 'starting';
  private startedAt = 0;

  constructor(
    private readonly url: string,
    private readonly timeoutMs: number,
    private readonly credential: ServiceCredential,
    /** pause after a failed poll before trying again */
    private readonly retryMs: number,
    /** events of the log one subscription's `after` replay may read (streams.ts) */
    readonly replayLimit = 1000,
    private readonly slowStartMs = SLOW_START_MS,
  ) {}

  /** Events after `after` (oldest first), one page; with `waitMs`, civil affairs holds the call until one comes. */
  async page(after: string, limit = 500, waitMs = 0): Promise<LogEvent[]> {
    const data = await this.call<{ eventLog: LogEvent[] }>(
      `query EventLog($after: String, $limit: Int!, $waitMs: Int!) {
         eventLog(after: $after, limit: $limit, waitMs: $waitMs) { cursor kind entityId regionCode department at }
       }`,
      { after, limit, waitMs },
      waitMs,
    );
    return data.eventLog;
  }

  subscribe(listener: (event: LogEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Tails the log with long polls: an event reaches listeners as soon as civil affairs commits it. */
  start(): void {
    this.running = true;
    this.startedAt = Date.now();
    void this.loop();
  }

  stop(): void {
    this.running = false;
    this.stopping.abort();
  }

  private async loop() {
    while (this.running) {
      try {
        // the feed starts at the head of the log: earlier events reach only those who ask with `after`
        if (this.cursor === undefined) {
          this.cursor = (
            await this.call<{ eventLogHead: string }>(`query { eventLogHead }`, {})
          ).eventLogHead;
          this.reached();
        }
        const events = await this.page(this.cursor, 500, LONG_POLL_MS);
        this.reached();
        for (const event of events) {
          this.cursor = event.cursor;
          for (const listener of this.listeners) listener(event);
        }
      } catch (e) {
        if (!this.running) return;
        this.unreachable(e);
        await new Promise((resolve) => setTimeout(resolve, this.retryMs));
      }
    }
  }

  private reached() {
    if (this.state === 'slow') log.info('event feed: civil affairs reached');
    if (this.state === 'lost') log.info('event feed: civil affairs reachable again');
    this.state = 'up';
  }

  /** quiet while civil affairs starts with the gateway; once when that takes long or a working feed breaks */
  private unreachable(e: unknown) {
    if (this.state === 'up') {
      this.state = 'lost';
      log.warn('event feed: lost civil affairs; retrying until it is back', { error: logDetail(e) });
    } else if (this.state === 'starting' && Date.now() - this.startedAt >= this.slowStartMs) {
      this.state = 'slow';
      log.warn(`event feed: civil affairs not reachable after ${this.slowStartMs / 1000} s; still trying`, {
        error: logDetail(e),
      });
    }
  }

  private async call<T>(query: string, variables: unknown, waitMs = 0): Promise<T> {
    return callSubgraph<T>(
      Department.CIVIL_AFFAIRS,
      this.url,
      this.timeoutMs + waitMs,
      query,
      variables,
      await this.credential.authorization(),
      this.stopping.signal,
    );
  }
}
