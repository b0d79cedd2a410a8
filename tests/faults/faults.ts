/**
 * What the fault tests share: the summary row each fault adds to the printed table, waiting for a
 * URL's status, and the contract's cross-department lookup with a check that an answer is whole.
 */
import { appendFileSync } from 'node:fs';
import { contractOperations } from '../helpers/contract';

export const LOOKUP = contractOperations().find((o) => o.name === 'CrossLineLookup')!.document;

export interface FaultRow {
  fault: string;
  requests: number;
  complete?: number;
  partial?: number;
  fivexx: number;
  other?: number;
  lost?: number;
  doubled?: number;
  halfWritten?: number;
  recoveredMs?: number;
  slowestFailMs?: number;
}

/** Adds a row to the table printed at the end of `npm run test:faults`. */
export function recordFault(row: FaultRow): void {
  if (process.env.FAULTS_SUMMARY) appendFileSync(process.env.FAULTS_SUMMARY, JSON.stringify(row) + '\n');
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The HTTP status of a GET, or 0 when nothing answers. */
export function statusOf(url: string): Promise<number> {
  return fetch(url, { signal: AbortSignal.timeout(2000) })
    .then((r) => r.status)
    .catch(() => 0);
}

/** Polls `url` until its status is `status`; returns how long that took. */
export async function waitForStatus(url: string, status: number, timeoutMs = 60_000): Promise<number> {
  const started = Date.now();
  while ((await statusOf(url)) !== status) {
    if (Date.now() - started > timeoutMs)
      throw new Error(`${url} did not answer ${status} in ${timeoutMs} ms`);
    await sleep(100);
  }
  return Date.now() - started;
}

/** Every field of the contract lookup has its department's answer (records the test gave the person). */
export function isComplete(subject: any): boolean {
  return Boolean(
    subject &&
    subject.household &&
    subject.disability &&
    subject.tradeUnion &&
    subject.medical &&
    subject.charity &&
    Array.isArray(subject.eligibility) &&
    subject.eligibility.length > 0,
  );
}
