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
  kind: 'URGENT_CASE' | 'REFERRAL' | 'VISIT';
  entityId: string;
  regionCode: string;
  department: string | null;
}

/** How long one long poll of the log waits for the next event before asking again. */
const LONG_POLL_MS = 20_000;

export class EventFeed {
  private cursor: string | undefined;
  private readonly listeners = new Set<(event: LogEvent) => void>();
  private running = false;
  private readonly stopping = new AbortController();

  constructor(
    private readonly url: string,
    private readonly timeoutMs: number,
    private readonly credential: ServiceCredential,
    /** pause after a failed poll before trying again */
    private readonly retryMs: number,
    /** events of the log one subscription's `after` replay may read (streams.ts) */
    readonly replayLimit = 1000,
  ) {}

  /** Events after `after` (oldest first), one page; with `waitMs`, civil affairs holds the call until one comes. */
  async page(after: string, limit = 500, waitMs = 0): Promise<LogEvent[]> {
    const data = await this.call<{ eventLog: LogEvent[] }>(
      `query EventLog($after: String, $limit: Int!, $waitMs: Int!) {
         eventLog(after: $after, limit: $limit, waitMs: $waitMs) { cursor kind entityId regionCode department }
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
        this.cursor ??= (
          await this.call<{ eventLogHead: string }>(`query { eventLogHead }`, {})
        ).eventLogHead;
        const events = await this.page(this.cursor, 500, LONG_POLL_MS);
        for (const event of events) {
          this.cursor = event.cursor;
          for (const listener of this.listeners) listener(event);
        }
      } catch (e) {
        if (!this.running) return;
        log.warn('event feed: civil affairs not reachable; will retry', { error: logDetail(e) });
        await new Promise((resolve) => setTimeout(resolve, this.retryMs));
      }
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
