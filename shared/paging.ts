/**
 * Lists that page (keyset, never OFFSET): `first` items after the opaque `cursor` of the last item
 * seen (`after`), in a stable order that ends with the row's id, so a page costs the same wherever
 * it starts. A cursor is base64url JSON `[kind, ...key]`: the kind of item it came from and the
 * key the list orders by. A cursor of another kind of list, or one not made here, is refused as
 * BAD_USER_INPUT naming `after`; a `first` out of range names `first`.
 */
import { InvalidInputError } from './errors';

/** items a page holds when `first` is not given */
export const PAGE_DEFAULT = 100;
/** the most a page holds */
export const PAGE_MAX = 500;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** what a cursor's key is made of: a row id, or an instant (ISO date-time) */
export type KeyPart = 'id' | 'instant';

export function encodeCursor(kind: string, ...key: string[]): string {
  return Buffer.from(JSON.stringify([kind, ...key])).toString('base64url');
}

/** How many items to answer (`first`, default PAGE_DEFAULT, 1…PAGE_MAX). */
export function pageSize(first: number | null | undefined): number {
  if (first === null || first === undefined) return PAGE_DEFAULT;
  if (!Number.isInteger(first) || first < 1 || first > PAGE_MAX)
    throw new InvalidInputError('first', `must be from 1 to ${PAGE_MAX}`, 'RANGE');
  return first;
}

/** The key of `after`, checked to be a cursor of `kind` made of `parts`; null without one. */
export function decodeCursor(
  after: string | null | undefined,
  kind: string,
  parts: readonly KeyPart[],
): string[] | null {
  if (after === null || after === undefined) return null;
  let decoded: unknown;
  try {
    decoded = /^[A-Za-z0-9_-]{1,400}$/.test(after)
      ? JSON.parse(Buffer.from(after, 'base64url').toString('utf8'))
      : null;
  } catch {
    decoded = null;
  }
  const key = Array.isArray(decoded) && decoded[0] === kind ? decoded.slice(1) : null;
  const valid =
    key?.length === parts.length &&
    key.every((value, i) =>
      typeof value !== 'string'
        ? false
        : parts[i] === 'id'
          ? UUID.test(value)
          : !Number.isNaN(Date.parse(value)) && /^\d{4}-\d{2}-\d{2}T/.test(value),
    );
  if (!valid) throw new InvalidInputError('after', `is not a cursor of this list (${kind})`, 'CURSOR');
  return key as string[];
}

/** A list's page request, as repositories take it. */
export interface Page {
  /** how many rows to read */
  limit: number;
  /** the id of the last item seen (lists whose order key never changes once written) */
  afterId: string | null;
}

/** `first`/`after` of a list whose cursor is the row id of `kind` (discoveries, referrals, warnings). */
export function pageById(
  kind: string,
  first: number | null | undefined,
  after: string | null | undefined,
): Page {
  const limit = pageSize(first);
  const key = decodeCursor(after, kind, ['id']);
  return { limit, afterId: key ? key[0] : null };
}

/** the descriptions of every paged list's arguments */
export const FIRST = `items in the page: default ${PAGE_DEFAULT}, at most ${PAGE_MAX}`;
export const AFTER = 'the `cursor` of the last item seen; the page starts after it';
