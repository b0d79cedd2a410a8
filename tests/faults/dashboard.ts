/**
 * A dashboard as the contract asks one to behave (alerts.graphql): subscribed to a region's urgent
 * cases over graphql-ws, and whenever its socket closes or an event comes with an error instead of
 * the case, it subscribes again with `after` = the cursor of the last case it holds.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Client, createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { CONTRACT_DIR } from '../helpers/contract';

const ALERTS = readFileSync(path.join(CONTRACT_DIR, 'alerts.graphql'), 'utf8');

export class Dashboard {
  /** the cases it holds, as they came */
  readonly received: Array<{ cursor: string; id: string }> = [];
  reconnects = 0;
  private client: Client | undefined;
  private stopped = false;

  constructor(
    private readonly gatewayUrl: string,
    private readonly token: string,
    private readonly regionCode: string,
    private after: string,
  ) {
    this.connect();
  }

  private connect() {
    if (this.stopped) return;
    const client: Client = createClient({
      url: this.gatewayUrl.replace(/^http/, 'ws'),
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${this.token}` },
      retryAttempts: 0,
      lazy: false,
      onNonLazyError: () => {},
      on: { closed: () => this.again(client) },
    });
    this.client = client;
    client.subscribe(
      {
        query: ALERTS,
        variables: { regionCode: this.regionCode, after: this.after },
        operationName: 'UrgentCases',
      },
      {
        next: (value: any) => {
          // a socket being let go may still deliver: what it says was asked of the new one again
          if (client !== this.client) return;
          const event = value.data?.urgentCaseReported;
          if (value.errors || !event) return this.again(client);
          this.received.push({ cursor: event.cursor, id: event.case.id });
          this.after = event.cursor;
        },
        error: () => this.again(client),
        complete: () => this.again(client),
      },
    );
  }

  private again(client: Client) {
    if (client !== this.client || this.stopped) return;
    this.client = undefined;
    this.reconnects++;
    void client.dispose();
    setTimeout(() => this.connect(), 300 + Math.random() * 700);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.client?.dispose();
  }
}

/** What a dashboard lacks or holds twice of the cases the log holds, and whether it holds them in order. */
export function compare(dashboard: Dashboard, expected: Array<{ cursor: string; id: string }>) {
  const ids = dashboard.received.map((r) => r.id);
  const held = new Set(ids);
  return {
    lost: expected.filter((e) => !held.has(e.id)).length,
    doubled: ids.length - held.size,
    inOrder: dashboard.received.every(
      (r, i) => i === 0 || BigInt(r.cursor) > BigInt(dashboard.received[i - 1].cursor),
    ),
  };
}
