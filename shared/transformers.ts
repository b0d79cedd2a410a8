import { ValueTransformer } from 'typeorm';

/** PostgreSQL returns numeric as a string; money here fits a double. */
export const decimal: ValueTransformer = {
  to: (v: number | null | undefined) => v,
  from: (v: string | null) => (v == null ? null : Number(v)),
};

/** `date` columns as ISO strings (no time-zone shifts). */
export const isoDate: ValueTransformer = {
  to: (v: string | null | undefined) => v,
  from: (v: string | Date | null) =>
    v == null ? null : typeof v === 'string' ? v : v.toISOString().slice(0, 10),
};
