/** Real graphql-ws clients (graphql-transport-ws) against the gateway's WebSocket endpoint. */
import { Client, createClient } from 'graphql-ws';
import WebSocket from 'ws';

export interface Subscriber {
  events: any[];
  errors: unknown[];
  /** resolves once `count` events have arrived (or rejects after `ms`) */
  waitFor(count: number, ms?: number): Promise<any[]>;
  close(): Promise<void>;
}

export function wsClient(httpUrl: string, token: string): Client {
  return createClient({
    url: httpUrl.replace(/^http/, 'ws'),
    webSocketImpl: WebSocket,
    connectionParams: { authorization: `Bearer ${token}` },
    retryAttempts: 0,
    lazy: false,
  });
}

export function subscribe(
  client: Client,
  query: string,
  variables: Record<string, unknown>,
  operationName?: string,
): Subscriber {
  const events: any[] = [];
  const errors: unknown[] = [];
  const waiters: Array<() => void> = [];
  const dispose = client.subscribe(
    { query, variables, operationName },
    {
      next: (value) => {
        if (value.errors) errors.push(...value.errors);
        if (value.data) events.push(value.data);
        waiters.splice(0).forEach((w) => w());
      },
      error: (e) => {
        errors.push(e);
        waiters.splice(0).forEach((w) => w());
      },
      complete: () => {},
    },
  );
  return {
    events,
    errors,
    async waitFor(count, ms = 10_000) {
      const deadline = Date.now() + ms;
      while (events.length < count) {
        if (errors.length) throw new Error(`subscription error: ${JSON.stringify(errors)}`);
        if (Date.now() > deadline) throw new Error(`only ${events.length} of ${count} events after ${ms} ms`);
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 200);
        });
      }
      return events;
    },
    async close() {
      dispose();
    },
  };
}
