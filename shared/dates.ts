import { InvalidInputError } from './errors';

/** Validates an ISO-8601 calendar date (`YYYY-MM-DD`) and returns it; names `field` otherwise. */
export function parseIsoDate(value: string, field: string): string {
  const text = String(value ?? '').trim();
  if (/^\d{4}-\d{2}-\d{2}$/.test(text) && isRealDate(text)) return text;
  // the value is not echoed: it is the client's text, and may be anything
  throw new InvalidInputError(field, 'is not a date; use YYYY-MM-DD', 'DATE');
}

/**
 * Validates an ISO-8601 date-time with an offset (or Z) and returns it as a Date. Each part is
 * checked: `Date` alone rolls 2026-02-30 over to 2 March and reads hour 24 as the next day.
 */
export function parseIsoDateTime(value: string, field: string): Date {
  const text = String(value ?? '').trim();
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|([+-])(\d{2}):(\d{2}))$/.exec(
    text,
  );
  const date = new Date(text);
  const valid =
    m !== null &&
    isRealDate(m[1]) &&
    Number(m[2]) < 24 &&
    Number(m[3]) < 60 &&
    Number(m[4] ?? 0) < 60 &&
    (m[5] === 'Z' || (Number(m[7]) <= 14 && Number(m[8]) < 60)) &&
    !Number.isNaN(date.getTime());
  if (!valid) {
    throw new InvalidInputError(field, 'is not a date-time; use e.g. 2026-11-25T10:30:00+08:00', 'DATE_TIME');
  }
  return date;
}

function isRealDate(day: string): boolean {
  const [y, mo, d] = day.split('-').map(Number);
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}
