import { InvalidInputError } from './errors';

/** Validates an ISO-8601 calendar date (`YYYY-MM-DD`) and returns it; names `field` otherwise. */
export function parseIsoDate(value: string, field: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(String(value ?? '').trim());
  if (m) {
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    const date = new Date(Date.UTC(y, mo - 1, d));
    if (date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d) return m[0];
  }
  // the value is not echoed: it is the client's text, and may be anything
  throw new InvalidInputError(field, 'is not a date; use YYYY-MM-DD', 'DATE');
}

/** Validates an ISO-8601 date-time with an offset (or Z) and returns it as a Date. */
export function parseIsoDateTime(value: string, field: string): Date {
  const ok = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(
    String(value ?? '').trim(),
  );
  const date = new Date(value);
  if (!ok || Number.isNaN(date.getTime())) {
    throw new InvalidInputError(field, 'is not a date-time; use e.g. 2026-11-25T10:30:00+08:00', 'DATE_TIME');
  }
  return date;
}

export function todayIso(now: Date = new Date()): string {
  return now.toISOString().slice(0, 10);
}
