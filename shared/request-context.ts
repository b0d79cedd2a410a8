/**
 * One id per federated request, carried in `x-request-id` from the gateway to every subgraph and on
 * every call between departments, so a subgraph reached twice for the same request (by the gateway
 * and by civil affairs' look-ups) shares one set of DataLoaders and reads each row once.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';

const storage = new AsyncLocalStorage<{ requestId: string }>();
const VALID = /^[A-Za-z0-9-]{8,64}$/;

export const REQUEST_ID_HEADER = 'x-request-id';

export function currentRequestId(): string | undefined {
  return storage.getStore()?.requestId;
}

/** Express middleware: adopts a well-formed incoming id or makes one, for the rest of the request. */
export function withRequestId(req: Request, res: Response, next: NextFunction): void {
  const incoming = req.headers[REQUEST_ID_HEADER];
  const requestId = typeof incoming === 'string' && VALID.test(incoming) ? incoming : randomUUID();
  res.setHeader(REQUEST_ID_HEADER, requestId);
  storage.run({ requestId }, next);
}

/** Per-request values shared by every call that carries the same request id (and token), briefly. */
export class RequestScopedCache<T> {
  private readonly entries = new Map<string, { value: T; expires: number }>();

  constructor(
    private readonly ttlMs = 15_000,
    private readonly maxEntries = 5_000,
  ) {}

  get(key: string, create: () => T): T {
    const now = Date.now();
    const hit = this.entries.get(key);
    if (hit && hit.expires > now) return hit.value;
    if (this.entries.size >= this.maxEntries) this.sweep(now);
    const value = create();
    this.entries.set(key, { value, expires: now + this.ttlMs });
    return value;
  }

  private sweep(now: number) {
    for (const [k, e] of this.entries) if (e.expires <= now) this.entries.delete(k);
    while (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
  }
}
