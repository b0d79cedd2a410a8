/**
 * The urgent-case feed over graphql-ws, kept alive by the page: every event's cursor is remembered
 * (sessionStorage, per region), and each new connection subscribes `after` it, so the gateway first
 * replays what was missed — while the socket was down, the laptop offline or the page reloaded — and
 * then goes on live (contract alerts.graphql). A case already shown is not shown twice.
 */
import { Client, createClient } from 'graphql-ws';

const URGENT_CASES = /* GraphQL */ `
  subscription UrgentCases($regionCode: String, $after: String) {
    urgentCaseReported(regionCode: $regionCode, after: $after) {
      cursor
      case {
        id
        kind
        occurredAt
        visitDeadline
        description
        subject {
          id
          name
          region {
            code
            name
          }
          disability {
            grade
          }
          medical {
            majorIllness
          }
        }
      }
    }
  }
`;

export interface UrgentCase {
  id: string;
  kind: string;
  occurredAt: string;
  visitDeadline: string;
  description: string | null;
  subject: {
    id: string;
    name: string;
    region: { code: string; name: string };
    disability: { grade: number } | null;
    medical: { majorIllness: boolean } | null;
  } | null;
}

export type ConnectionState = 'connecting' | 'open' | 'closed' | 'offline';

export interface UrgentFeedOptions {
  token: string;
  regionCode: string | null;
  onCase(urgentCase: UrgentCase): void;
  onState(state: ConnectionState, detail?: string): void;
}

const MAX_BACKOFF_MS = 15_000;

export class UrgentFeed {
  private client: Client | null = null;
  private generation = 0;
  private failures = 0;
  private retry: ReturnType<typeof setTimeout> | undefined;
  private readonly seen = new Set<string>();
  private readonly cursorKey: string;
  private readonly goOffline = () => this.disconnect('offline');
  private readonly goOnline = () => this.connect();

  constructor(private readonly options: UrgentFeedOptions) {
    this.cursorKey = `social-assistance.urgent-after.${options.regionCode ?? 'all'}`;
  }

  /** the cursor of the last event shown (null: live events only) */
  get after(): string | null {
    return sessionStorage.getItem(this.cursorKey);
  }

  start(): void {
    window.addEventListener('offline', this.goOffline);
    window.addEventListener('online', this.goOnline);
    if (navigator.onLine) this.connect();
    else this.disconnect('offline');
  }

  stop(): void {
    window.removeEventListener('offline', this.goOffline);
    window.removeEventListener('online', this.goOnline);
    this.disconnect('closed');
  }

  private connect(): void {
    this.disconnect('connecting');
    const generation = ++this.generation;
    const current = () => generation === this.generation;
    const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/graphql`;
    const client = createClient({
      url,
      connectionParams: { authorization: `Bearer ${this.options.token}` },
      lazy: false,
      // the page reconnects itself, with the newest cursor (graphql-ws would resend the first one)
      retryAttempts: 0,
      on: {
        connected: () => {
          if (!current()) return;
          this.failures = 0;
          this.options.onState('open');
        },
      },
    });
    this.client = client;
    client.subscribe<{ urgentCaseReported: { cursor: string; case: UrgentCase } }>(
      { query: URGENT_CASES, variables: { regionCode: this.options.regionCode, after: this.after } },
      {
        next: ({ data, errors }) => {
          if (!current()) return;
          if (errors?.length) this.options.onState('open', errors.map((e) => e.message).join('；'));
          if (!data) return;
          const { cursor, case: urgentCase } = data.urgentCaseReported;
          sessionStorage.setItem(this.cursorKey, cursor);
          if (this.seen.has(urgentCase.id)) return;
          this.seen.add(urgentCase.id);
          this.options.onCase(urgentCase);
        },
        error: (error) => {
          if (current()) this.scheduleReconnect(describe(error));
        },
        complete: () => {
          if (current()) this.scheduleReconnect('服务器结束了订阅');
        },
      },
    );
  }

  private scheduleReconnect(detail: string): void {
    this.disconnect('closed', detail);
    if (!navigator.onLine) return this.options.onState('offline');
    const delay = Math.min(MAX_BACKOFF_MS, 1000 * 2 ** this.failures++);
    this.retry = setTimeout(() => this.connect(), delay);
  }

  private disconnect(state: ConnectionState, detail?: string): void {
    clearTimeout(this.retry);
    this.generation++;
    const client = this.client;
    this.client = null;
    void client?.dispose();
    this.options.onState(state, detail);
  }
}

function describe(error: unknown): string {
  if (Array.isArray(error)) return error.map((e) => (e as Error).message).join('；');
  if (error && typeof error === 'object' && 'code' in error)
    return `连接关闭（${(error as CloseEvent).code}）`;
  return error instanceof Error ? error.message : '连接中断';
}
