/**
 * Each gateway instance tails civil affairs' event log by cursor (no extra server, no shared state
 * between instances): every event is seen by every instance, in order, and a subscriber that comes
 * back with the last cursor it saw gets everything after it from the same log.
 */
import { Department } from '../../../shared/departments';
import { log } from '../../../shared/logging';
import { callSubgraph } from '../../../shared/subgraph-client';

export interface LogEvent {
  cursor: string;
  kind: 'URGENT_CASE' | 'REFERRAL' | 'VISIT';
  entityId: string;
  regionCode: string;
  department: string | null;
}

export class EventFeed {
  private cursor: string | undefined;
  private readonly listeners = new Set<(event: LogEvent) => void>();
  private timer: NodeJS.Timeout | undefined;
  private polling = false;

  constructor(
    private readonly url: string,
    private readonly timeoutMs: number,
    private readonly token: () => Promise<string>,
    private readonly intervalMs: number,
  ) {}

  /** Events after `after` (oldest first), one page. */
  async page(after: string, limit = 500): Promise<LogEvent[]> {
    const data = await this.call<{ eventLog: LogEvent[] }>(
      `query EventLog($after: String, $limit: Int!) { eventLog(after: $after, limit: $limit) { cursor kind entityId regionCode department } }`,
      { after, limit },
    );
    return data.eventLog;
  }

  subscribe(listener: (event: LogEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  start(): void {
    this.timer = setInterval(() => void this.poll(), this.intervalMs);
    this.timer.unref();
    void this.poll();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  private async poll() {
    if (this.polling) return;
    this.polling = true;
    try {
      // the feed starts at the head of the log: earlier events reach only those who ask with `after`
      this.cursor ??= (await this.call<{ eventLogHead: string }>(`query { eventLogHead }`, {})).eventLogHead;
      for (;;) {
        const events = await this.page(this.cursor);
        for (const event of events) {
          this.cursor = event.cursor;
          for (const listener of this.listeners) listener(event);
        }
        if (events.length < 500) break;
      }
    } catch (e) {
      log.warn('event feed: civil affairs not reachable; will retry', { error: (e as Error).message });
    } finally {
      this.polling = false;
    }
  }

  private async call<T>(query: string, variables: unknown): Promise<T> {
    return callSubgraph<T>(
      Department.CIVIL_AFFAIRS,
      this.url,
      this.timeoutMs,
      query,
      variables,
      `Bearer ${await this.token()}`,
    );
  }
}
