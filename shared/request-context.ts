/**
 * One id per federated request, minted by the gateway and sent to every subgraph it calls, for the
 * logs (and traces) of one lookup. A subgraph adopts an incoming id only when the gateway signed it
 * (HMAC with the key they share); otherwise it makes its own. Ids never key any cache: every
 * request's DataLoaders live and die with that request.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';

const storage = new AsyncLocalStorage<{
  requestId: string;
  beforeAnswer?: Map<string, () => Promise<void>>;
  scoped?: Map<string, unknown>;
}>();

export const REQUEST_ID_HEADER = 'x-request-id';
export const REQUEST_ID_SIGNATURE_HEADER = 'x-request-id-signature';

export function currentRequestId(): string | undefined {
  return storage.getStore()?.requestId;
}

/**
 * Work a request's writes want done after they committed and before the request is answered, once
 * however many of its writes ask (by `key`): e.g. a partner's 25 records in one request send their
 * facts to civil affairs in one call, not 25. Outside a request (background work, tests calling a
 * service) it runs now. The answer waits for it (`runBeforeAnswer`, a plugin of every server in
 * shared/http.ts).
 */
export function beforeAnswer(key: string, task: () => Promise<void>): Promise<void> {
  const store = storage.getStore();
  if (!store) return task();
  store.beforeAnswer ??= new Map();
  if (!store.beforeAnswer.has(key)) store.beforeAnswer.set(key, task);
  return Promise.resolve();
}

/** Runs what the request's writes left for before its answer (`beforeAnswer`); never throws. */
export async function runBeforeAnswer(): Promise<void> {
  const store = storage.getStore();
  const tasks = store?.beforeAnswer;
  if (!store || !tasks?.size) return;
  store.beforeAnswer = undefined;
  await Promise.all([...tasks.values()].map((task) => task().catch(() => undefined)));
}

/**
 * A value that lives as long as this request (made by `make` on first use, by `key`), as its
 * DataLoaders do; undefined outside a request (background work, tests calling a service).
 */
export function requestScoped<T>(key: string, make: () => T): T | undefined {
  const store = storage.getStore();
  if (!store) return undefined;
  store.scoped ??= new Map();
  if (!store.scoped.has(key)) store.scoped.set(key, make());
  return store.scoped.get(key) as T;
}

export function signRequestId(requestId: string, key: string): string {
  return createHmac('sha256', key).update(`request-id:${requestId}`).digest('base64url');
}

function signedBy(req: Request, key: string): string | undefined {
  const id = req.headers[REQUEST_ID_HEADER];
  const signature = req.headers[REQUEST_ID_SIGNATURE_HEADER];
  if (typeof id !== 'string' || typeof signature !== 'string' || id.length > 64) return undefined;
  const expected = Buffer.from(signRequestId(id, key));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given) ? id : undefined;
}

/**
 * Express middleware. `mint`: the gateway, which always makes a new id. Otherwise (a subgraph) an
 * incoming id is adopted only with a valid signature under `key`.
 */
export function withRequestId(options: { mint: true } | { key: string }) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const requestId = ('key' in options ? signedBy(req, options.key) : undefined) ?? randomUUID();
    res.setHeader(REQUEST_ID_HEADER, requestId);
    storage.run({ requestId }, next);
  };
}
