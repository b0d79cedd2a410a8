/**
 * ISO-8601 durations as policy packs write them (`PT24H`, `P7D`, `P1M`, `P3M`, `P1Y`), added to
 * instants in China Standard Time (UTC+8, no daylight saving), so that "one month" means the same
 * calendar day next month for a township, whatever the server's zone.
 */
import { z } from 'zod';

const PATTERN = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?)?$/;

export const durationSchema = z
  .string()
  .regex(PATTERN, 'an ISO-8601 duration such as PT24H, P7D, P1M, P3M, P1Y')
  .refine((d) => d !== 'P' && d !== 'PT', 'an empty duration');

export interface Duration {
  years: number;
  months: number;
  days: number;
  hours: number;
  minutes: number;
}

export function parseDuration(text: string): Duration {
  const m = PATTERN.exec(text);
  if (!m) throw new Error(`not an ISO-8601 duration: ${text}`);
  const [, y, mo, w, d, h, mi] = m.map((x) => Number(x ?? 0));
  return { years: y, months: mo, days: d + 7 * w, hours: h, minutes: mi };
}

const CST = 8 * 3600_000;

/** `at` + `duration`, months and years by calendar in UTC+8 (Jan 31 + P1M = Feb 28/29). */
export function addDuration(at: Date, duration: string): Date {
  const d = parseDuration(duration);
  const local = new Date(at.getTime() + CST);
  const y = local.getUTCFullYear() + d.years;
  const m = local.getUTCMonth() + d.months;
  const lastDay = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  local.setUTCFullYear(y, m, Math.min(local.getUTCDate(), lastDay));
  return new Date(local.getTime() - CST + (d.days * 24 + d.hours) * 3600_000 + d.minutes * 60_000);
}

/** The calendar date (YYYY-MM-DD) of an instant in UTC+8. */
export function chinaDate(at: Date): string {
  return new Date(at.getTime() + CST).toISOString().slice(0, 10);
}
